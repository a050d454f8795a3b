"""What every part of the benchmark shares: the working directory (``OUT``, set by ``--out``), crawl settings, logging."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bench.pages import ROOT


OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
CRAWL_SETTINGS = {
    "ROBOTSTXT_OBEY": "False",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "LOG_LEVEL": "INFO",
}
STORE_BATCH = 100
BASE_VERSION = 1  # bump when the synthetic base rows change


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def pair_ratios(pairs: list[tuple[float | None, float | None]]) -> list[float]:
    """``b / a`` of each (a, b) pair measured side by side, skipping pairs with a missing or zero ``a``."""
    return [b / a for a, b in pairs if a and b is not None]


def fresh_sqlite(name: str) -> str:
    db = OUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{db}"
