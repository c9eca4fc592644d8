"""A DataTrove pipeline step (``pip install 'cleaner[datatrove]'``).

Cleans ``Document.text`` in place, records the removals under
``Document.metadata["cleaner"]`` (the same record as ``.meta.json``), and drops
documents the cleaner leaves empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from cleaner.api import Cleaner


class CleanerStep(PipelineStep):
    """``cleaner`` as a DataTrove step: ``[JsonlReader(...), CleanerStep(), JsonlWriter(...)]``."""

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        rules: Sequence[str | Path] | None = None,
        mode: str = "balanced",
        url_key: str = "url",
        metadata_key: str = "cleaner",
    ):
        super().__init__()
        self.cleaner = Cleaner(rules, mode=mode)
        self.url_key = url_key
        self.metadata_key = metadata_key

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            self.stat_update("total")
            with self.track_time():
                result = self.cleaner(document.text, url=document.metadata.get(self.url_key))
            if result.empty:
                self.stat_update("dropped_empty")
                continue
            self.stat_update("removed_chars", value=result.removed_chars, unit="doc")
            document.text = result.text
            document.metadata[self.metadata_key] = result.to_metadata()
            self.update_doc_stats(document)
            yield document
