"""The HTML report in a real headless browser: filter, search, escaping, hover titles, no console errors.

Needs the ``browser`` extra (playwright) and Debian's chromium at /usr/bin/chromium;
skips with the reason when either is missing.
"""

import json
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

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[browser]')"
)
if not CHROMIUM.exists():
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


@pytest.fixture()
def page(browser, report):
    page = browser.new_page()
    problems = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
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
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
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
