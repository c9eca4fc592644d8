"""`rules suggest`: mine a folder of one site's pages for debris lines and draft a rule file for them.

Three kinds of evidence, all counted in files (a line repeated inside one page
says nothing about the site):

- ``repeated``: lines that recur across a large share of the folder's files;
- ``near-marker``: lines next to lines a named rule removes, in two files or more;
- ``detected``: lines the detectors remove, in two files or more (naming them
  makes them go in ``rules`` mode too, and makes the decision reviewable).

Lines the named rules already remove are not proposed again, and a line is
never proposed when it is long (more than ``max_words`` words or 100 characters)
or reads as a sentence: a draft rule must not be able to delete prose.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.audit.record import Audited, RecordError, clean_source
from cleaner.detectors import is_detector
from cleaner.lineshape import bare, is_prose

MAX_CHARS = 100
NEAR = 2  # lines either side of a removed line that count as "near" it
_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE = re.compile(r"[.!?…]$")


@dataclass(frozen=True, slots=True)
class Page:
    """One mined file: its lines (bare text) with the rule that removed each, if any."""

    name: str
    lines: tuple[str, ...]
    removed_by: tuple[str, ...]  # rule id or "" when kept


@dataclass
class Candidate:
    """A line shape worth a rule, with its evidence."""

    shape: str  # the line with digit runs as "#", casefolded: what is counted
    evidence: str  # "repeated", "near-marker" or "detected"
    variants: Counter[str] = field(default_factory=Counter)  # the exact lines seen
    files: set[str] = field(default_factory=set)
    context: list[str] = field(default_factory=list)  # kept prose lines from the same files, for keep examples


def shape_of(line: str) -> str:
    return _DIGITS.sub("#", line).casefold()


def safe(line: str, max_words: int) -> bool:
    """Short, not a sentence, with letters: a line a site rule may remove without touching prose."""
    words = len(line.split())
    if not line or words > max_words or len(line) > MAX_CHARS or not _LETTER.search(line):
        return False
    return not (is_prose(line) or (words >= 6 and _SENTENCE.search(line)))


def read_pages(paths: Iterable[Path], engine: object) -> tuple[list[Page], list[str]]:
    """Every file cleaned with ``engine``: its lines and what removed each; unreadable files as messages."""
    pages, problems = [], []
    for path in paths:
        try:
            record: Audited = clean_source(path, engine)
        except RecordError as error:
            problems.append(str(error))
            continue
        lines = tuple(bare(v.text) if v.text else "" for v in record.lines)
        removed = tuple("" if v.kept else record.spans[v.span].rule for v in record.lines)
        pages.append(Page(str(path), lines, removed))
    return pages, problems


def mine(pages: Sequence[Page], *, min_share: float, max_words: int) -> list[Candidate]:
    """Candidates from all three kinds of evidence, strongest first; each shape proposed once."""
    need = max(3, math.ceil(min_share * len(pages))) if len(pages) >= 3 else len(pages) + 1
    found: dict[str, Candidate] = {}
    known = _named_shapes(pages)
    for evidence, least, wanted in (
        ("repeated", need, _kept),
        ("near-marker", 2, _near_marker),
        ("detected", 2, _detected),
    ):
        counted: dict[str, Candidate] = {}
        for page in pages:
            for i in wanted(page):
                line = page.lines[i]
                if not safe(line, max_words):
                    continue
                cand = counted.setdefault(shape_of(line), Candidate(shape_of(line), evidence))
                cand.variants[line] += 1
                cand.files.add(page.name)
        for shape, cand in counted.items():
            if len(cand.files) >= least and shape not in found and shape not in known:
                found[shape] = cand
    ranked = sorted(found.values(), key=lambda c: (-len(c.files), c.evidence, c.shape))
    for cand in ranked:
        cand.context = _prose_near(pages, cand)
    return ranked


def _kept(page: Page) -> Iterable[int]:
    return (i for i, line in enumerate(page.lines) if line and not page.removed_by[i])


def _named(rule: str) -> bool:
    return bool(rule) and not is_detector(rule)


def _near_marker(page: Page) -> Iterable[int]:
    """Kept lines within NEAR lines of a line a named rule removed."""
    marked = [i for i, rule in enumerate(page.removed_by) if _named(rule) and page.lines[i]]
    near = {j for i in marked for j in range(i - NEAR, i + NEAR + 1) if 0 <= j < len(page.lines)}
    return sorted(j for j in near if page.lines[j] and not page.removed_by[j])


def _detected(page: Page) -> Iterable[int]:
    return (i for i, rule in enumerate(page.removed_by) if is_detector(rule) and page.lines[i])


def _named_shapes(pages: Sequence[Page]) -> set[str]:
    """Lines a named rule removes somewhere: the rule set knows them, do not propose them again."""
    return {
        shape_of(line) for page in pages for line, rule in zip(page.lines, page.removed_by, strict=True) if _named(rule)
    }


def _prose_near(pages: Sequence[Page], cand: Candidate, limit: int = 2) -> list[str]:
    """Kept prose lines from the candidate's files: what the rule must keep."""
    found: list[str] = []
    for page in pages:
        if page.name not in cand.files:
            continue
        for line, rule in zip(page.lines, page.removed_by, strict=True):
            if not rule and is_prose(line) and len(line) < 300 and shape_of(line) != cand.shape and line not in found:
                found.append(line)
                break
        if len(found) >= limit:
            break
    return found


def suggest_command(args: argparse.Namespace) -> int:
    """Mine, draft, check the draft, write it; exit 2 when nothing can be read."""
    from cleaner.audit.draft import draft_rules
    from cleaner.discover import discover
    from cleaner.pipeline import Engine, Mode
    from cleaner.rules.loader import RulesError, load_rules

    missing = [str(s) for s in args.sources if not s.exists()]
    if missing:
        print(f"cleaner: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        engine = Engine(load_rules(args.rules), Mode.BALANCED)
    except RulesError as error:
        print(f"cleaner: invalid rules:\n{error}", file=sys.stderr)
        return 2
    paths = [task.path for task in discover(args.sources, args.glob)]
    pages, problems = read_pages(paths, engine)
    for problem in problems:
        print(f"cleaner: skipped {problem}", file=sys.stderr)
    if not pages:
        print("cleaner: no readable files to mine", file=sys.stderr)
        return 2
    candidates = mine(pages, min_share=args.min_share, max_words=args.max_words)
    sources = [str(s) for s in args.sources]
    text, notes = draft_rules(candidates, site=args.site, files=len(pages), sources=sources, max_words=args.max_words)
    for note in notes:
        print(f"cleaner: {note}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(
            f"{args.output}: {text.count('  - id: ')} draft rules ({len(candidates)} lines) from {len(pages)} files",
            file=sys.stderr,
        )
    return 0
