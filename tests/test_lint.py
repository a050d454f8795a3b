"""The checks CI runs besides the tests: ruff is clean, and tests needing ../shared fail in CI when it is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_ruff_check_is_clean():
    ruff = Path(sys.executable).with_name("ruff")
    assert ruff.exists(), "ruff is part of the test extra (pip install -e '.[test]')"
    proc = subprocess.run([str(ruff), "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:]


def _run_without_shared(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    import os

    full_env = {k: v for k, v in os.environ.items() if k not in ("CI", "JOBCRAWL_REQUIRE_SERVICES")}
    full_env.update(env, JOBCRAWL_SHARED_DIR=str(tmp_path / "no-shared"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_realpages.py",
         "tests/test_normalize_salary.py::test_ashby_api_compensation"],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120,
    )


def test_missing_shared_fails_in_ci(tmp_path):
    proc = _run_without_shared(tmp_path, CI="true")
    assert proc.returncode != 0, proc.stdout[-2000:]
    assert " skipped" not in proc.stdout.splitlines()[-1], proc.stdout[-2000:]
    assert "CI must provide it" in proc.stdout


def test_missing_shared_skips_outside_ci(tmp_path):
    proc = _run_without_shared(tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "skipped" in proc.stdout.splitlines()[-1] and "failed" not in proc.stdout.splitlines()[-1]
