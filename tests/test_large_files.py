"""Large plain-text files: cleaned in windows with bounded memory; outputs with the usual permissions."""

from __future__ import annotations

import os
import stat

from cleaner.cli import main
from cleaner.sinks.atomic import _umask

GOOD = "A paragraph of ordinary article text that the cleaner keeps as it is.\n"


def test_outputs_get_the_usual_permissions_not_mkstemps(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    old = os.umask(0o027)
    _umask.cache_clear()  # the mask is read once per process; this test changes it
    try:
        assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules", "-j", "1"]) == 0
    finally:
        os.umask(old)
        _umask.cache_clear()
    for name in ("a.txt", "a.meta.json"):
        mode = stat.S_IMODE((tmp_path / "out" / name).stat().st_mode)
        assert mode == 0o640, f"{name}: {oct(mode)}"
