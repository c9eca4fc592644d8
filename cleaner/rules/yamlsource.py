"""Read YAML into plain data while remembering the line of every value.

PyYAML silently keeps the last of two equal keys and forgets positions once it
builds Python objects; rule errors must name ``file:line``, so we walk the node
tree ourselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (the wheels are): it reads the shipped
# rules in a tenth of the pure-Python parser's time, a third of a second of every start-up.
# Both give the same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleFileError(ValueError):
    """A problem in a rule file, located at ``file:line`` (just ``file`` when ``line`` is 0: a folder, say)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Located:
    """Parsed YAML plus the 1-based line of each value, keyed by its path."""

    data: Any
    lines: dict[Path, int]

    def line_of(self, path: Path) -> int:
        """The line of ``path`` or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_yaml(text: str, file: str) -> Located:
    """Parse one YAML document; raise RuleFileError on bad syntax or duplicate keys."""
    try:
        return _load(text, file, _Loader)
    except RuleFileError as error:
        if _Loader is yaml.SafeLoader or "invalid YAML" not in error.message:
            raise
    # a syntax error: the pure-Python parser's message and line are the more exact ones
    return _load(text, file, yaml.SafeLoader)


def _load(text: str, file: str, loader_class: Any) -> Located:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path, int] = {}
        data = _build(loader, node, (), lines, file) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise RuleFileError(file, line, f"invalid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise RuleFileError(file, 1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    return Located(data, lines)


def _build(loader: Any, node: yaml.Node, path: Path, lines: dict[Path, int], file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                raise RuleFileError(file, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            result[key] = _build(loader, value_node, (*path, key), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), lines, file) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
