"""The Ray engine on a local Ray with 2 CPUs: outputs identical to a local run."""

import hashlib
from pathlib import Path

import pytest

from cleaner.cli import main

from .conftest import SEEDS


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "_run.json"
    }


def test_ray_outputs_equal_local_outputs(tmp_path):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    src = tmp_path / "src"
    for i in range(150):  # more than two slices of 64 files
        folder = src / f"f{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        seed = sorted(SEEDS.glob("*.txt"))[i % 5]
        (folder / f"d{i:03d}.txt").write_text(f"Copy {i}\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["clean", str(src), "-o", str(tmp_path / "local"), "-q", "-j", "1"]) == 0
    assert main(["clean", str(src), "-o", str(tmp_path / "ray"), "-q", "-j", "2", "--engine", "ray"]) == 0
    local = tree_digest(tmp_path / "local")
    assert len(local) == 300 and local == tree_digest(tmp_path / "ray")
    assert (
        main(
            [
                "clean",
                str(src),
                "-o",
                str(tmp_path / "rayjsonl"),
                "-q",
                "-j",
                "2",
                "--engine",
                "ray",
                "--format",
                "jsonl",
            ]
        )
        == 0
    )
    assert main(["clean", str(src), "-o", str(tmp_path / "localjsonl"), "-q", "-j", "2", "--format", "jsonl"]) == 0
    assert tree_digest(tmp_path / "rayjsonl") == tree_digest(tmp_path / "localjsonl")
