"""The report in a real browser: headless Chromium prints it to PDF on exactly one page
(Letter, Chromium's default, and A4) and takes a screenshot.

Skipped, with the reason shown, when Chromium is not installed (`.ci/run` installs it).
`COACH_WRITE_DOCS=1` (or `make report-png`) also saves the screenshot as
docs/report.png, the picture in the README.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from coach import report
from coach.actions import load_snapshot
from coach.content import red_flag_index
from coach.store import Store
from tests.report_diary import TODAY, seed_full_diary

REPO = Path(__file__).resolve().parents[2]
BROWSER_TIMEOUT = 120


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "/usr/bin/chromium"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium); the browser test of the "
    "report needs it",
)


def chromium(tmp_path: Path, *args: str) -> None:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def pdf_pages(pdf: Path) -> int:
    """The number of page objects in a PDF (`/Type /Page`, not `/Pages`)."""
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    counts = {int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)}
    counts |= {int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)}
    assert counts == {pages}, (pages, counts)
    return pages


def write_report(db_path: Path, out: Path, *, hostile: bool) -> str:
    seed_full_diary(db_path, hostile=hostile)
    store = Store.open(db_path)
    try:
        html = report.report_html(load_snapshot(store, TODAY), red_flag_index())
    finally:
        store.close()
    out.write_text(html, encoding="utf-8")
    return html


@pytest.mark.parametrize("hostile", [True, False], ids=["hostile-notes", "plain"])
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_fullest_report_prints_on_one_page(
    db_path: Path, tmp_path: Path, paper: str, hostile: bool
) -> None:
    page = tmp_path / "report.html"
    html = write_report(db_path, page, hostile=hostile)
    if paper == "A4":
        # Chromium prints on Letter unless the page asks for another size.
        html = html.replace("@page { margin:", "@page { size: A4; margin:")
        assert "size: A4" in html
        page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf_pages(pdf) == 1
    media = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf.read_bytes())
    width, height = (float(v) for v in media[0])
    expected = (612, 792) if paper == "Letter" else (595, 842)
    assert (round(width), round(height)) == expected


def test_a_screenshot_of_the_report(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    write_report(db_path, page, hostile=False)
    png = tmp_path / "report.png"
    chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=820,1160",
        f"--screenshot={png}",
        page.as_uri(),
    )
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (820, 1160)
    assert len(data) > 20_000  # a page with text and a chart, not a blank one
    if os.environ.get("COACH_WRITE_DOCS"):
        target = REPO / "docs" / "report.png"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(png, target)
