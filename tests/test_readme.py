"""The README's Python examples run as tests, so the documentation cannot drift from the API."""

import doctest
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples():
    pytest.importorskip("datasets", reason="the README's datasets example needs the datasets extra")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README.read_text(encoding="utf-8"), {}, "README.md", str(README), 0)
    assert len(test.examples) >= 8, "the README lost its examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"{runner.failures} README example(s) failed (run pytest -s to see them)"
