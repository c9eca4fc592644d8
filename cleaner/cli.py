"""Command-line interface: argument parsing only; the work happens in run.py and pipeline.py."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.audit.commands import add_commands as add_audit_commands
from cleaner.corpus import SHARE
from cleaner.discover import discover, display, first_inside, inside_a_source, size_of, unmatched_formats
from cleaner.firstpass import CorpusPassError, corpus_for
from cleaner.pipeline import Engine, Mode
from cleaner.progress import with_progress
from cleaner.rules.loader import RulesError, load_rules
from cleaner.run import Job, Outcome, foreign_output, run, without_clashes
from cleaner.sinks.atomic import sweep_temporaries
from cleaner.sinks.jsonl import JsonlShards, ShardError
from cleaner.sources.jsonl import Fields
from cleaner.summary import RunSummary

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Turn scraped web text into clean corpus text.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser("clean", help="clean files or folders into an output folder")
    clean.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="file or folder (walked recursively)")
    clean.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output/)")
    clean.add_argument(
        "--rules", type=Path, action="append", default=[], metavar="DIR", help="extra rule file or folder"
    )
    clean.add_argument("--no-builtin-rules", action="store_true", help="use only the rules given with --rules")
    clean.add_argument("--glob", default="*.txt", help="file name pattern inside folders (default: *.txt)")
    clean.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.BALANCED.value, help="how far to clean")
    clean.add_argument(
        "--format",
        choices=["txt", "jsonl"],
        default="txt",
        help="txt + .meta.json per document (default) or JSONL shards",
    )
    clean.add_argument("--shard-docs", type=_at_least_one, default=10_000, help="JSONL output: documents per shard")
    clean.add_argument("--shard-bytes", type=_at_least_one, default=256 << 20, help="JSONL output: bytes per shard")
    clean.add_argument("--text-field", default="text", help="JSONL input: field holding the text (a.b for nested)")
    clean.add_argument("--id-field", default="id", help="JSONL input: field holding the document id")
    clean.add_argument(
        "-j", "--jobs", type=_at_least_one, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    clean.add_argument(
        "--engine", choices=["local", "ray"], default="local", help="local process pool, or a Ray cluster"
    )
    clean.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    clean.add_argument("--resume", action="store_true", help="skip files whose outputs are up to date")
    clean.add_argument(
        "--no-corpus",
        action="store_true",
        help="no first pass: do not remove lines that recur across many documents of a site or folder",
    )
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    clean.set_defaults(func=cmd_clean)
    add_audit_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:  # before any output was written (cmd_clean handles its own cleaning pass)
        print("cleaner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


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
    fields = Fields(text=args.text_field, id=args.id_field)
    shards = (
        JsonlShards(args.output, max_docs=args.shard_docs, max_bytes=args.shard_bytes)
        if args.format == "jsonl"
        else None
    )
    tasks = list(discover(args.sources, args.glob, exclude=args.output))
    if not tasks and (others := unmatched_formats(args.sources, exclude=args.output)):
        hint = ", ".join(f"{count} {suffix}" for suffix, count in others.items())
        globs = " ".join(f"--glob '*{suffix}'" for suffix in others)
        print(f"cleaner: no file matches --glob '{args.glob}'; the sources hold {hint}: try {globs}", file=sys.stderr)
        return EXIT_USAGE
    if (inside := first_inside(tasks, args.output)) is not None:
        where = f"{display(inside.path)} is inside the output folder {display(args.output)}"
        print(
            f"cleaner: {where}: an output could overwrite an input; choose an output folder outside the sources",
            file=sys.stderr,
        )
        return EXIT_USAGE
    nested = args.format == "txt" and inside_a_source(args.sources, args.output)  # the walk skipped the output folder
    if nested and (hidden := foreign_output(tasks, args.output)) is not None:
        print(
            f"cleaner: {display(hidden)} would be overwritten and has no .meta.json of cleaner's beside it: the"
            " output folder lies inside the sources, whose walk skips it, so it may be an input; move or remove"
            " it, or choose an output folder outside the sources",
            file=sys.stderr,
        )
        return EXIT_USAGE
    summary = RunSummary(_arguments(args))
    clashes: list[Outcome] = []
    if args.format == "txt":  # JSONL shards are named by number, not after their inputs
        tasks, clashes = without_clashes(tasks)
        for clash in clashes:
            summary.add(clash)
            print(f"cleaner: skipped {clash.path}: {clash.error}", file=sys.stderr)
    total_bytes = sum(size_of(task.path) for task in tasks)
    if args.output.is_dir():
        sweep_temporaries(args.output)  # a killed run's half-written files; never a finished output
    corpus = None
    if args.mode in SHARE and not args.no_corpus:  # two passes: learn the batch's repeated lines first
        try:
            first = corpus_for(tasks, args.output, fields, SHARE[args.mode], jobs=args.jobs, resume=args.resume)
        except CorpusPassError as error:
            print(f"cleaner: {error}; nothing was cleaned (run again, or with --no-corpus)", file=sys.stderr)
            if error.details:
                print(error.details, end="", file=sys.stderr)
            return EXIT_SOME_FAILED
        corpus, summary.corpus = first.corpus, first.summary
    engine = Engine(rules, Mode(args.mode))
    job = Job(engine, args.output, resume=args.resume, sink=args.format, fields=fields, corpus=corpus)
    if args.engine == "ray":
        from cleaner.distributed import run_ray

        outcomes = run_ray(job, tasks, address=args.address, cpus=args.jobs)
    else:
        outcomes = run(job, tasks, jobs=min(args.jobs, max(1, len(tasks))))
    shown = with_progress(outcomes, len(tasks), total_bytes, quiet=args.quiet)
    interrupted = False
    try:
        _take(shown, summary, shards)
    except ShardError as error:  # the rest cannot be written in order: stop, and record why
        print(f"cleaner: {error}", file=sys.stderr)
        summary.fail(str(error.path), str(error))
    except KeyboardInterrupt:
        interrupted = summary.interrupted = True
        done = f"{summary.files} of {len(tasks)} files done"
        print(f"cleaner: interrupted, {done}; every output written is complete (--resume goes on)", file=sys.stderr)
    finally:
        for stream in (shown, outcomes):
            if isinstance(stream, Generator):
                stream.close()  # after a shard error the workers stop now, not when the process ends
    try:
        summary.write(args.output)
    except OSError as error:
        print(f"cleaner: cannot write the run summary in {args.output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if not args.quiet:
        done = f"{summary.cleaned} cleaned, {summary.resumed} up to date, {summary.failed_files} failed"
        if summary.failed_documents:
            done += f" ({summary.failed_documents} documents skipped inside files cleaned)"
        if summary.whole_pages:
            done += f" ({summary.whole_pages} HTML pages cleaned whole: trafilatura kept too little of them)"
        print(f"{len(tasks) + len(clashes)} files: {done}; outputs in {args.output}", file=sys.stderr)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if summary.failures else EXIT_OK


def _take(outcomes: Iterable[Outcome], summary: RunSummary, shards: JsonlShards | None) -> None:
    """Count each outcome, report its failures and write its records to the shards; raises ShardError."""
    for outcome in outcomes:
        summary.add(outcome)
        if outcome.error:
            print(f"cleaner: skipped {outcome.path}: {outcome.error}", file=sys.stderr)
        for problem in outcome.doc_errors:
            print(f"cleaner: skipped a document in {outcome.path}: {problem}", file=sys.stderr)
        if shards is not None:
            for record in outcome.records:
                shards.write(record)
    if shards is not None:
        shards.close()
        if shards.removed:  # a shorter run than the last: its leftover shards are not this run's documents
            n = len(shards.removed)
            print(
                f"cleaner: removed {n} shard{'s' * (n != 1)} of an earlier run from {shards.out_dir}", file=sys.stderr
            )


def _arguments(args: argparse.Namespace) -> dict[str, object]:
    """The run's arguments as JSON-friendly values (for the summary)."""
    return {
        k: [str(x) for x in v] if isinstance(v, list) else str(v) if isinstance(v, Path) else v
        for k, v in sorted(vars(args).items())
        if k != "func"
    }


def _at_least_one(value: str) -> int:
    """A count option's value; the message is argparse's whole error (else it names this function)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


if __name__ == "__main__":
    sys.exit(main())
