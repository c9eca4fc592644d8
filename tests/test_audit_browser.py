"""The HTML report in a real headless browser: filter, search, escaping, hover titles, no console errors.

Needs the ``browser`` extra (playwright) and Debian's chromium at /usr/bin/chromium;
skips with the reason when either is missing.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from cleaner.cli import main

from .test_audit_report import make_run

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# .ci/run sets this once it has installed chromium, so a broken set-up fails there instead of skipping quietly.
REQUIRED = os.environ.get("CLEANER_BROWSER_TEST") == "required"
try:
    from playwright import sync_api
except ImportError:
    if REQUIRED:
        raise
    pytest.skip("playwright is not installed (pip install -e '.[browser]')", allow_module_level=True)
if not CHROMIUM.exists():
    if REQUIRED:
        raise RuntimeError(f"CLEANER_BROWSER_TEST=required but {CHROMIUM} is missing")
    pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    _, out = make_run(tmp_path_factory.mktemp("browser"))
    assert main(["report", str(out)]) == 0
    return out / "report.html", json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def watch(page):
    """Collect console errors and warnings, uncaught page errors and any request that leaves the file."""
    problems = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
    return problems


@pytest.fixture()
def page(browser, report):
    page = browser.new_page()
    problems = watch(page)
    page.goto(report[0].as_uri())
    yield page
    page.close()
    assert problems == []  # no console errors, no network


def open_file(page, selector):
    """Click a file row and wait until its text is inflated and shown."""
    index = page.locator(selector).get_attribute("data-index")
    page.click(selector)
    page.wait_for_selector(f'#view[data-ready="{index}"]')


def count(page):
    return page.inner_text("#count")


def test_totals_rules_and_files_render(page, report):
    data = report[1]
    assert count(page) == f"{data['totals']['files']} of {data['totals']['files']} files"
    assert page.locator("#rules tbody tr").count() == len(data["rules"])
    assert page.locator("#files tbody tr").count() == data["totals"]["files"]
    names = page.locator("#files tbody tr td:first-child").all_inner_texts()
    assert names == [f["name"] for f in data["files"]]  # flagged first, as in report.json


def test_filter_by_rule(page, report):
    rules = report[1]["rules"]
    target = next(r for r in rules if r["rule"] == "forums.chrome-lines")
    page.select_option("#rule-filter", str(rules.index(target)))
    assert count(page) == f"{target['files']} of {report[1]['totals']['files']} files"
    assert page.locator("#files tbody tr").count() == target["files"]
    page.select_option("#rule-filter", "")
    assert page.locator("#files tbody tr").count() == report[1]["totals"]["files"]


def test_clicking_a_rule_filters_too(page, report):
    rules = report[1]["rules"]
    page.locator("#rules button.rule", has_text="ads.marker").click()
    target = next(r for r in rules if r["rule"] == "ads.marker")
    assert page.locator("#files tbody tr").count() == target["files"]


def test_search_by_file_name(page):
    page.fill("#search", "002_")
    assert page.locator("#files tbody tr").count() == 1
    page.fill("#search", "no such file")
    assert page.locator("#files tbody tr").count() == 0
    assert count(page).startswith("0 of")


def test_file_view_highlights_removals_with_rule_and_reason_on_hover(page):
    page.fill("#search", "002_")
    open_file(page, "#files tbody tr")
    marks = page.locator("#view mark")
    assert marks.count() > 5
    first = marks.first
    assert first.inner_text().startswith("Jump to content")
    assert first.get_attribute("title") == "forums.chrome-lines \u2014 forum-chrome: line matches (whole)"
    assert "The Kremlin confirmed" in page.inner_text("#view pre")


def test_markup_in_a_page_shows_as_text(page):
    page.fill("#search", "evil")
    open_file(page, "#files tbody tr")
    text = page.inner_text("#view pre")
    assert "<script>window.__pwned = 1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#view img, #view script, #view b").count() == 0


def test_pagination_at_a_hundred_files(browser, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    seed = sorted(Path(__file__).resolve().parents[1].joinpath("seeds").glob("*.txt"))[0]
    for n in range(250):
        shutil.copy(seed, src / f"p{n:03}.txt")
    out = tmp_path / "out"
    main(["clean", str(src), "-o", str(out), "-q"])
    main(["report", str(out)])
    page = browser.new_page()
    errors = watch(page)
    page.goto((out / "report.html").as_uri())
    assert page.locator("#files tbody tr").count() == 100
    assert "page 1 of 3" in page.inner_text("#page")
    page.click("#next")
    page.click("#next")
    assert page.locator("#files tbody tr").count() == 50
    assert page.is_disabled("#next")
    open_file(page, "#files tbody tr >> nth=49")
    assert "p249.txt" in page.inner_text("#view h2")
    page.close()
    assert errors == []


MARKUP_RULE = """ruleset: markup
rules:
  - id: markup.script-line
    kind: line
    reason: promotion
    description: A line carrying a script tag, so removed text with markup reaches the samples and the highlights.
    match: contains
    literal: '<script>'
    examples:
      remove: ["<script>x</script>"]
      keep: ["The council met on Tuesday."]
"""
HOSTILE_NAME = '<img src=x onerror="window.__pwned=3">.txt'


def test_markup_in_removed_text_samples_and_file_names_shows_as_text(browser, tmp_path):
    """Removed spans (highlights, rule samples) and file names are corpus text too: all set as text, none run."""
    src, rules = tmp_path / "src", tmp_path / "rules"
    src.mkdir()
    rules.mkdir()
    (rules / "markup.yaml").write_text(MARKUP_RULE, encoding="utf-8")
    body = "The council approved the new budget on Tuesday after a long debate about schools and roads.\n"
    (src / HOSTILE_NAME).write_text(f"<script>window.__pwned = 4</script><b>bold</b>\n{body}", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q", "--rules", str(rules), "--mode", "rules"]) == 0
    assert main(["report", str(out)]) == 0
    page = browser.new_page()
    problems = watch(page)
    page.goto((out / "report.html").as_uri())
    assert page.locator("#files tbody tr td:first-child").all_inner_texts() == [HOSTILE_NAME]
    row = next(r for r in page.locator("#rules tbody tr").all() if "markup.script-line" in r.inner_text())
    assert "<script>window.__pwned = 4</script><b>bold</b>" in row.locator(".sample").first.inner_text()
    open_file(page, "#files tbody tr")
    assert page.inner_text("#view h2") == HOSTILE_NAME
    mark = page.locator("#view mark").first
    assert mark.inner_text().startswith("<script>window.__pwned = 4</script><b>bold</b>")
    assert mark.get_attribute("data-rule") == "markup.script-line"
    assert page.evaluate("window.__pwned") is None
    injected = "#view img, #view script, #view b, #rules img, #rules script, #rules b, #files img"
    assert page.locator(injected).count() == 0
    page.close()
    assert problems == []
