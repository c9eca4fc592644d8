"""Argument parsing for the audit and rule-authoring subcommands (their work lives beside this module)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MODES = ("rules", "balanced", "aggressive")


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the audit subcommands; each sets ``func`` to a callable(args) -> exit code."""
    diff = commands.add_parser("diff", help="show what cleaning removed from one document, as an annotated diff")
    diff.add_argument("path", type=Path, metavar="PATH", help="an output's .meta.json or .txt, or a source file")
    diff.add_argument("-o", "--output", type=Path, help="the run's output folder, to find the output of a source file")
    diff.add_argument("--id", help="the record to show when PATH is a JSONL output shard (--format jsonl)")
    diff.add_argument("--stat", action="store_true", help="per-rule counts instead of the diff")
    diff.add_argument("-U", "--context", type=int, default=3, help="lines of context (default 3)")
    diff.add_argument("--source-root", type=Path, help="folder the run's recorded source paths are relative to")
    _engine_options(diff)
    _colour_option(diff)
    diff.set_defaults(func=cmd_diff)

    explain = commands.add_parser("explain", help="every line of a source file with its decision and evidence")
    explain.add_argument("file", type=Path, metavar="FILE")
    explain.add_argument("--json", action="store_true", help="one JSON object per line instead of text")
    explain.add_argument("--full", action="store_true", help="do not shorten long lines")
    _engine_options(explain)
    _colour_option(explain)
    explain.set_defaults(func=cmd_explain)

    report = commands.add_parser("report", help="a self-contained HTML audit of a whole run (and report.json)")
    report.add_argument("out", type=Path, metavar="OUT", help="the run's output folder")
    report.add_argument("-o", "--html", type=Path, help="where to write the HTML (default: OUT/report.html)")
    report.add_argument("--source-root", type=Path, help="folder the run's recorded source paths are relative to")
    report.add_argument("--no-text", action="store_true", help="embed only removed text, not the whole documents")
    report.set_defaults(func=cmd_report)

    rules = commands.add_parser("rules", help="check, test, list and draft rule files")
    sub = rules.add_subparsers(dest="rules_command", required=True)
    check = sub.add_parser("check", help="validate rule files; print file:line: message for every error")
    check.add_argument(
        "dirs", nargs="*", type=Path, metavar="DIR", help="rule files or folders (default: the shipped rules)"
    )
    check.add_argument(
        "--no-builtin-rules",
        action="store_true",
        help="check the files alone (as clean --no-builtin-rules loads them), not after the built-in rules",
    )
    check.set_defaults(func=cmd_rules_check)
    test = sub.add_parser("test", help="run every rule's examples; show failures as a diff")
    test.add_argument(
        "dirs", nargs="*", type=Path, metavar="DIR", help="rule files or folders (default: the shipped rules)"
    )
    test.add_argument("--rule", action="append", default=[], help="only this rule id (repeatable)")
    _colour_option(test)
    test.set_defaults(func=cmd_rules_test)
    listing = sub.add_parser("list", help="rules with kind and scope, and their hits in a run")
    listing.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="extra rule files or folders")
    listing.add_argument("--output", type=Path, help="a run's output folder: count each rule's hits there")
    listing.add_argument("--no-builtin-rules", action="store_true")
    listing.set_defaults(func=cmd_rules_list)
    suggest = sub.add_parser("suggest", help="mine a folder for site debris and draft a rule file")
    suggest.add_argument("sources", nargs="+", type=Path, metavar="SRC")
    suggest.add_argument("--site", default="site", help="rule set name and id prefix (default: site)")
    suggest.add_argument("-o", "--output", type=Path, help="where to write the draft (default: stdout)")
    suggest.add_argument("--glob", default="*.txt")
    suggest.add_argument("--min-share", type=float, default=0.3, help="share of files a repeated line must be in")
    suggest.add_argument("--max-words", type=int, default=10, help="never propose a line longer than this")
    suggest.add_argument(
        "--rules", type=Path, action="append", default=[], metavar="DIR", help="extra rules already in use"
    )
    suggest.set_defaults(func=cmd_rules_suggest)


def _engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rules", type=Path, action="append", default=[], metavar="DIR", help="extra rule file or folder"
    )
    parser.add_argument("--no-builtin-rules", action="store_true", help="use only the rules given with --rules")
    parser.add_argument("--mode", choices=MODES, default="balanced", help="how far to clean (default: balanced)")


def _colour_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", "--colour", dest="color", choices=("auto", "always", "never"), default="auto")


def _fail(message: str) -> int:
    print(f"cleaner: {message}", file=sys.stderr)
    return EXIT_USAGE


def _engine(args: argparse.Namespace) -> Any:
    """The engine the options describe, or a printable error string."""
    from cleaner.pipeline import Engine, Mode
    from cleaner.rules.loader import RulesError, load_rules

    try:
        rules = load_rules(args.rules, builtin=not args.no_builtin_rules)
    except RulesError as error:
        return f"invalid rules:\n{error}"
    return Engine(rules, Mode(args.mode))


def _emit(lines: Any) -> int:
    try:
        for line in lines:
            sys.stdout.write(line + "\n")
    except BrokenPipeError:  # `cleaner diff … | head` is normal use
        sys.stderr.close()
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from cleaner.audit import diff
    from cleaner.audit.colour import Painter, wants_colour
    from cleaner.audit.record import RecordError, clean_source, find_output, load_jsonl_record, load_output

    is_shard = args.path.name.endswith(".jsonl")
    if (args.id is not None) != is_shard:
        return _fail("--id goes with a JSONL output shard (OUT/part-00000.jsonl --id ID), and a shard needs --id")
    try:
        if is_shard:
            record = load_jsonl_record(args.path, args.id, base=args.source_root)
        else:
            record = _record(args, clean_source, find_output, load_output)
    except RecordError as error:
        return _fail(str(error))
    if isinstance(record, str):
        return _fail(record)
    paint = Painter(wants_colour(args.color))
    lines = diff.render_stat(record, paint) if args.stat else diff.render_diff(record, paint, max(0, args.context))
    return _emit(lines)


def _record(args: argparse.Namespace, clean_source: Any, find_output: Any, load_output: Any) -> Any:
    from cleaner.sinks.txt import is_output_text

    path: Path = args.path
    if not path.exists():
        return f"no such file: {path}"
    if path.name.endswith(".meta.json") or (path.suffix == ".txt" and is_output_text(path)):
        return load_output(path, base=args.source_root)
    if args.output is not None:
        return load_output(find_output(path, args.output), base=args.source_root)
    engine = _engine(args)  # a source with no run: clean it now with the given rules
    return engine if isinstance(engine, str) else clean_source(path, engine)


def cmd_explain(args: argparse.Namespace) -> int:
    import json

    from cleaner.audit import explain
    from cleaner.audit.colour import Painter, wants_colour
    from cleaner.audit.record import Missing

    if not args.file.is_file():
        return _fail(f"no such file: {args.file}")
    engine = _engine(args)
    if isinstance(engine, str):
        return _fail(engine)
    found = explain.explain_file(args.file, engine)
    if isinstance(found, Missing):
        return _fail(found.why.split(": showing")[0])
    record, decisions = found
    if args.json:
        return _emit(json.dumps(d.to_dict(), ensure_ascii=False) for d in decisions)
    paint = Painter(wants_colour(args.color))
    return _emit(explain.render(record, decisions, paint, None if args.full else 100))


def cmd_report(args: argparse.Namespace) -> int:
    from cleaner.audit.report import write_report

    if not args.out.is_dir():
        return _fail(f"no such output folder: {args.out}")
    if next(args.out.glob("part-*.jsonl"), None) and not next(args.out.rglob("*.meta.json"), None):
        return _fail(f"{args.out} holds --format jsonl shards; the report reads .meta.json outputs (--format txt) only")
    html_path = args.html or args.out / "report.html"
    summary = write_report(args.out, html_path, source_root=args.source_root, with_text=not args.no_text)
    print(summary, file=sys.stderr)
    return EXIT_OK


def cmd_rules_check(args: argparse.Namespace) -> int:
    from cleaner.audit.rulecheck import check

    lines, ok = check(args.dirs, builtin=not args.no_builtin_rules)
    _emit(lines)
    return EXIT_OK if ok else EXIT_USAGE


def cmd_rules_test(args: argparse.Namespace) -> int:
    from cleaner.audit.colour import Painter, wants_colour
    from cleaner.audit.rulecheck import run_examples

    lines, code = run_examples(args.dirs, set(args.rule), Painter(wants_colour(args.color)))
    _emit(lines)
    return code


def cmd_rules_list(args: argparse.Namespace) -> int:
    from cleaner.audit.rulelist import list_rules

    lines, code = list_rules(args.dirs, builtin=not args.no_builtin_rules, output=args.output)
    _emit(lines)
    return code


def cmd_rules_suggest(args: argparse.Namespace) -> int:
    from cleaner.audit.suggest import suggest_command

    return suggest_command(args)
