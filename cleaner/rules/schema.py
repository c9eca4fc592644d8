"""The JSON Schema every rule file must satisfy (documented in docs/rules.md).

One schema per rule kind, so an option that belongs to another kind is an
unknown key, not a silently ignored one.
"""

from __future__ import annotations

from typing import Any

_PATTERN = {"type": "string", "minLength": 1}
_PATTERNS = {"oneOf": [_PATTERN, {"type": "array", "items": _PATTERN, "minItems": 1}]}
_COUNT = {"type": "integer", "minimum": 1}

_SCOPE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "any_line": {**_PATTERNS, "description": "regexes; the scope holds when some line matches one"},
        "domains": {"type": "array", "items": _PATTERN, "description": "URL host or its parent domain"},
    },
}

_EXAMPLE = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "remove"],
            "properties": {"text": {"type": "string"}, "remove": {"type": "array", "items": {"type": "string"}}},
        },
    ]
}

_COMMON = {
    "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_.-]*$"},
    "kind": {"type": "string"},
    "description": {"type": "string", "minLength": 1},
    "reason": {"type": "string", "minLength": 1},
    "ignore_case": {"type": "boolean"},
    "applies_to": _SCOPE,
    "skip_on_extracted": {
        "type": "boolean",
        "description": "not on an HTML extractor's output (HTML pages, WARC records), only on texts as they come",
    },
    "examples": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"remove": {"type": "array", "items": _EXAMPLE}, "keep": {"type": "array", "items": _EXAMPLE}},
    },
}

# Options of each kind, beyond the common keys; the matchers in cleaner/rules/kinds/ read them.
KIND_OPTIONS: dict[str, dict[str, Any]] = {
    "line": {
        "pattern": _PATTERNS,
        "literal": _PATTERNS,
        "match": {"enum": ["whole", "contains", "prefix"]},
        "max_words": _COUNT,
        "spare_headings": {"type": "boolean"},
    },
    "tail": {
        "start": _PATTERNS,
        "max_lines": _COUNT,
        "max_words": _COUNT,
        "teasers": {"type": "boolean"},
        "summary_words": _COUNT,
        "block": {"type": "boolean"},
    },
    "head": {"start": _PATTERNS, "end": _PATTERNS, "within": _COUNT, "max_lines": _COUNT, "max_words": _COUNT},
    "block": {"marker": _PATTERNS, "max_words": _COUNT, "above": {"type": "boolean"}},
    "between": {"start": _PATTERNS, "end": _PATTERNS, "max_lines": _COUNT, "to_end": {"type": "boolean"}},
    "repeat": {
        "of": {"enum": ["title", "any"]},
        "prefix": _PATTERNS,
        "min_words": _COUNT,
        "max_words": _COUNT,
        "max_copies": _COUNT,
    },
}

_REQUIRED = {
    "line": [],
    "tail": ["start"],
    "head": ["start"],
    "block": ["marker"],
    "between": ["start", "end"],
    "repeat": [],
}


def _rule_schema(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "kind", "description", *_REQUIRED[kind]],
        "properties": {**_COMMON, "kind": {"const": kind}, **KIND_OPTIONS[kind]},
    }
    if kind == "line":
        schema["oneOf"] = [{"required": ["pattern"]}, {"required": ["literal"]}]
    return schema


RULE_SCHEMAS = {kind: _rule_schema(kind) for kind in KIND_OPTIONS}
COMMON_KEYS = frozenset(_COMMON)  # the keys every rule may have; the others are its kind's options

FILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cleaner rule file",
    "type": "object",
    "additionalProperties": False,
    "required": ["ruleset", "rules"],
    "properties": {
        "ruleset": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_.-]*$"},
        "description": {"type": "string"},
        "applies_to": _SCOPE,
        "rules": {"type": "array", "items": {"type": "object", "required": ["id", "kind"]}},
    },
}
