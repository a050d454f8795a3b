"""Regenerate the pictures of the report and of Datasette in docs/ (``make screenshots``).

The demo board is crawled into a temporary SQLite file, the report is written and Datasette is served from
it, and headless Chromium photographs both: the pictures always show what the current code produces.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from jobcrawl import browser, report
from jobcrawl.explore import serving

DOCS = Path(__file__).resolve().parents[1] / "docs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shrink(png: Path) -> None:
    """256 colours are plenty for text and flat charts: a third of the bytes in the repository."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256)
    small.save(png, optimize=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        env = dict(os.environ, JOBCRAWL_DATABASE_URL=f"sqlite:///{db}")
        scrapy = str(Path(sys.executable).with_name("scrapy"))
        subprocess.run([scrapy, "crawl", "postings"], env=env, check=True, capture_output=True,
                       cwd=DOCS.parent)
        html = Path(tmp) / "report.html"
        report.main(["--database", f"sqlite:///{db}", "-o", str(html)])
        browser.screenshot(html.as_uri(), DOCS / "report.png", width=1100, height=2600)
        with serving(db, free_port()) as base:
            browser.screenshot(f"{base}/postings", DOCS / "datasette.png",
                               width=1280, height=2600)
    for png in (DOCS / "report.png", DOCS / "datasette.png"):
        shrink(png)
    print(f"wrote {DOCS / 'report.png'} and {DOCS / 'datasette.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
