"""Shared fixtures: the repository's paths and the scorer loaded as a module."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


@functools.cache  # one module per process: the dev-set gate scores 1,456 pages with it
def load_scorer():
    spec = importlib.util.spec_from_file_location("score", ROOT / "bench" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def scorer():
    return load_scorer()


@functools.cache  # loading and compiling the rules takes a second; an Engine keeps no state between documents
def engine_for(mode=None):
    """The built-in rules' engine in ``mode`` (default: the Engine's default mode), built once per process."""
    from cleaner.pipeline import Engine
    from cleaner.rules.loader import load_rules

    return Engine(load_rules()) if mode is None else Engine(load_rules(), mode)


@pytest.fixture(scope="session")
def engine():
    return engine_for()


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory):
    """The seeds cleaned once by the CLI (default mode), for tests that only read a run's outputs."""
    from cleaner.cli import main

    out = tmp_path_factory.mktemp("seeds-run")
    assert main(["clean", str(SEEDS), "-o", str(out), "-q", "-j", "1"]) == 0
    return out
