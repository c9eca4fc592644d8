"""Command-line interface: argument parsing only; the work happens in run.py and pipeline.py."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.audit.commands import add_commands as add_audit_commands
from cleaner.discover import discover
from cleaner.pipeline import Engine, Mode
from cleaner.progress import with_progress
from cleaner.rules.loader import RulesError, load_rules
from cleaner.run import run

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Turn scraped web text into clean corpus text.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser("clean", help="clean files or folders into an output folder")
    clean.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="file or folder (walked recursively)")
    clean.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output/)")
    clean.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR", help="extra rule file or folder")
    clean.add_argument("--no-builtin-rules", action="store_true", help="use only the rules given with --rules")
    clean.add_argument("--glob", default="*.txt", help="file name pattern inside folders (default: *.txt)")
    clean.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.BALANCED.value, help="how far to clean")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    clean.set_defaults(func=cmd_clean)
    add_audit_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


def cmd_clean(args: argparse.Namespace) -> int:
    missing = [str(s) for s in args.sources if not s.exists()]
    if missing:
        print(f"cleaner: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        rules = load_rules(args.rules, builtin=not args.no_builtin_rules)
    except RulesError as error:
        print(f"cleaner: invalid rules:\n{error}", file=sys.stderr)
        return EXIT_USAGE
    engine = Engine(rules, Mode(args.mode))
    tasks = list(discover(args.sources, args.glob, exclude=args.output))
    total_bytes = sum(_size(task.path) for task in tasks)
    failures = []
    cleaned = 0
    for outcome in with_progress(run(engine, tasks, args.output), len(tasks), total_bytes, quiet=args.quiet):
        if outcome.ok:
            cleaned += 1
        else:
            failures.append(outcome)
    for failure in failures:
        print(f"cleaner: skipped {failure.path}: {failure.error}", file=sys.stderr)
    if not args.quiet:
        print(f"cleaned {cleaned} of {len(tasks)} files into {args.output}", file=sys.stderr)
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
