"""Load rule files: parse with line numbers, validate against the schema, compile.

Every problem is reported as ``file:line: message``; ``check_files`` collects
them all (for ``cleaner rules check``), ``load_rules`` raises on the first file
that has any.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jsonschema

from cleaner.rules.kinds import KINDS
from cleaner.rules.model import Example, Rule, RuleSet, Scope
from cleaner.rules.regex import PatternError, compile_any
from cleaner.rules.schema import COMMON_KEYS, FILE_SCHEMA, RULE_SCHEMAS
from cleaner.rules.yamlsource import Located, RuleFileError, load_yaml

RULE_SUFFIXES = (".yaml", ".yml")


class RulesError(ValueError):
    """One or more rule files are invalid; ``errors`` lists each as file:line."""

    def __init__(self, errors: Sequence[RuleFileError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = tuple(errors)


def builtin_rules_dir() -> Path:
    """The shipped rule packs: inside the installed wheel, else the source tree's ``rules/``."""
    packaged = Path(__file__).resolve().parent.parent / "_rules"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "rules"


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Rule files named directly, or found (sorted) in the given folders; a file named twice is loaded once.

    Once, because its rules would otherwise clash with themselves as duplicate ids
    (``--rules rules/`` from a checkout names the shipped packs again).
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())
        else:
            files = [path]
        for file in files:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                found.append(file)
    return found


def empty_folders(paths: Iterable[Path]) -> list[RuleFileError]:
    """An error for each folder holding no rule file: an empty or mistyped folder must not quietly add no rules."""
    message = f"no rule files found in this folder (they end in {' or '.join(RULE_SUFFIXES)})"
    return [RuleFileError(str(path), 0, message) for path in paths if path.is_dir() and not rule_files([path])]


def load_rules(extra: Sequence[Path] = (), *, builtin: bool = True) -> RuleSet:
    """The built-in packs (unless ``builtin`` is False) followed by ``extra`` files or folders."""
    files = rule_files(([builtin_rules_dir()] if builtin else []) + list(extra))
    rules, errors = _load_all(files)
    errors = empty_folders(extra) + errors
    if errors:
        raise RulesError(errors)
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return RuleSet(tuple(rules), digest.hexdigest(), tuple(str(f) for f in files))


def check_files(files: Sequence[Path]) -> list[RuleFileError]:
    """Every error in ``files``, in file order (empty when all are valid)."""
    return _load_all(files)[1]


def _load_all(files: Sequence[Path]) -> tuple[list[Rule], list[RuleFileError]]:
    rules: list[Rule] = []
    errors: list[RuleFileError] = []
    first_seen: dict[str, str] = {}
    for file in files:
        file_rules, file_errors = load_file(file)
        errors.extend(file_errors)
        for rule in file_rules:
            if rule.id in first_seen:
                name, line = rule.origin.rsplit(":", 1)
                errors.append(
                    RuleFileError(name, int(line), f"duplicate rule id {rule.id!r} (first at {first_seen[rule.id]})")
                )
            else:
                first_seen[rule.id] = rule.origin
                rules.append(rule)
    return rules, errors


def load_file(path: Path) -> tuple[list[Rule], list[RuleFileError]]:
    """The rules of one file and the errors found in it."""
    name = str(path)
    try:
        located = load_yaml(path.read_text(encoding="utf-8"), name)
    except RuleFileError as error:
        return [], [error]
    except (OSError, UnicodeDecodeError) as error:
        return [], [RuleFileError(name, 1, f"cannot read rule file: {error}")]
    errors = _schema_errors(located, FILE_SCHEMA, (), name)
    if errors:
        return [], _with_rule_errors(errors, located, name)
    data = located.data
    try:
        scope = _scope(data.get("applies_to"), ("applies_to",), located, name)
    except RuleFileError as error:
        return [], [error]
    rules = []
    for i, raw in enumerate(data["rules"]):
        try:
            rules.append(_rule(raw, ("rules", i), located, name, scope))
        except RulesError as error:
            errors.extend(error.errors)
    return rules, errors


def _with_rule_errors(errors: list[RuleFileError], located: Located, name: str) -> list[RuleFileError]:
    """The file's structural errors plus those of its rules that can still be checked, so one run names them all."""
    rules = located.data.get("rules") if isinstance(located.data, dict) else None
    found = list(errors)
    for i, raw in enumerate(rules if isinstance(rules, list) else []):
        if not (isinstance(raw, dict) and raw.get("kind") in KINDS and isinstance(raw.get("id"), str)):
            continue  # the file-level errors already name what is wrong with this rule
        try:
            _rule(raw, ("rules", i), located, name, Scope())
        except RulesError as error:
            seen = {str(e) for e in found}
            found.extend(e for e in error.errors if str(e) not in seen)
        except RuleFileError as error:
            found.append(error)
    return sorted(found, key=lambda e: e.line)


def _rule(raw: dict[str, Any], path: tuple[Any, ...], located: Located, name: str, scope: Scope) -> Rule:
    kind = raw["kind"]
    if kind not in KINDS:
        hint = difflib.get_close_matches(str(kind), KINDS, n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else f" (kinds: {', '.join(KINDS)})"
        raise RulesError([RuleFileError(name, located.line_of((*path, "kind")), f"unknown rule kind {kind!r}{extra}")])
    errors = _schema_errors(located, RULE_SCHEMAS[kind], path, name)
    if errors:
        raise RulesError(errors)
    options = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
    try:
        compiled = KINDS[kind].compile(options, raw.get("ignore_case", True))
    except PatternError as error:
        key = next((k for k in options if isinstance(options[k], (str, list))), "kind")
        line = located.line_of((*path, key))
        raise RulesError(
            [RuleFileError(name, line, f"rule {raw['id']!r}: invalid regular expression: {error}")]
        ) from None
    if "applies_to" in raw:
        scope = _scope(raw["applies_to"], (*path, "applies_to"), located, name)
    return Rule(
        id=raw["id"],
        kind=kind,
        description=raw["description"],
        reason=raw.get("reason", raw["id"].rsplit(".", 1)[-1]),
        options=compiled,
        scope=scope,
        examples=_examples(raw.get("examples", {})),
        origin=f"{name}:{located.line_of(path)}",
        skip_on_extracted=raw.get("skip_on_extracted", False),
    )


def _scope(raw: dict[str, Any] | None, path: tuple[Any, ...], located: Located, name: str) -> Scope:
    if not raw:
        return Scope()
    try:
        signature = (compile_any(raw["any_line"], ignore_case=True, multiline=True),) if "any_line" in raw else ()
    except PatternError as error:
        raise RuleFileError(
            name, located.line_of((*path, "any_line")), f"invalid regular expression: {error}"
        ) from None
    return Scope(signature, tuple(d.lower().lstrip(".") for d in raw.get("domains", ())))


def _examples(raw: dict[str, Any]) -> tuple[Example, ...]:
    examples = []
    for text in raw.get("remove", []):
        if isinstance(text, str):
            examples.append(Example(text, tuple(line for line in text.split("\n") if line.strip())))
        else:
            examples.append(Example(text["text"], tuple(text["remove"])))
    for text in raw.get("keep", []):
        examples.append(Example(text, ()) if isinstance(text, str) else Example(text["text"], tuple(text["remove"])))
    return tuple(examples)


def _schema_errors(located: Located, schema: dict[str, Any], base: tuple[Any, ...], name: str) -> list[RuleFileError]:
    instance = located.data
    for key in base:
        instance = instance[key]
    validator = jsonschema.Draft202012Validator(schema)
    errors = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
        path = (*base, *error.absolute_path)
        message = error.message
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            allowed = list(error.schema.get("properties", {}))
            for key in unknown:
                hint = difflib.get_close_matches(key, allowed, n=1)
                extra = f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(allowed)}"
                errors.append(RuleFileError(name, located.line_of((*path, key)), f"unknown key {key!r}{extra}"))
            continue
        where = "/".join(map(str, path)) or "file"
        errors.append(RuleFileError(name, located.line_of(path), f"{where}: {message}"))
    return errors
