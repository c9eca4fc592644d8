"""The lines detectors leave in balanced mode, whatever they score: code blocks, tables' rows and fields.

Each is content whose lines are short and look like a menu's items to the line model and
``detector:stranded``, and each is recognised by a shape chrome does not take (see the modules).
"""

from __future__ import annotations

from cleaner.detectors.codeblocks import code_lines
from cleaner.detectors.fields import field_lines
from cleaner.detectors.tables import table_lines
from cleaner.document import Document


def verbatim_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines of code blocks, tables and label/value fields in ``doc``."""
    return code_lines(doc) | table_lines(doc) | field_lines(doc)
