"""Headless Chromium (Debian's ``chromium`` package): what a person would see of the report and Datasette.

Used by the browser tests and by ``make screenshots`` (the pictures in docs/).

Driven through its own command line (``--dump-dom``, ``--screenshot``) rather than a driver library: the page
is loaded, scripts run for a virtual-time budget, then the rendered DOM or a PNG comes back. The flags keep
it off the network (this machine reaches only 127.0.0.1) and let it run as root in a container.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=3000",
)


def chromium() -> str:
    """The browser binary; FileNotFoundError names the package when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError("headless Chromium is not installed (Debian package chromium; .ci/run installs it)")


def _run(url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True, text=True, timeout=120, check=False,  # the callers assert, with stderr
        )


def rendered_dom(url: str) -> str:
    """The DOM after the page rendered (scripts run), as HTML."""
    result = _run(url, "--dump-dom")
    assert result.returncode == 0 and result.stdout.strip(), result.stderr[-2000:]
    return result.stdout


def screenshot(url: str, path: Path, width: int = 1280, height: int = 1600) -> Path:
    result = _run(url, f"--window-size={width},{height}", f"--screenshot={path}")
    assert result.returncode == 0 and path.is_file(), result.stderr[-2000:]
    return path


def ink_share(png: Path) -> float:
    """Share of pixels that are not the page background (the most common colour): 0.0 is a blank page."""
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    total = sum(count for count, _ in colours)
    background = max(count for count, _ in colours)
    return 1 - background / total
