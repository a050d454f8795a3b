"""Every JOBCRAWL_* setting comes from ``-s``, the environment or jobcrawl/settings.py, in that order of
precedence, and is documented in the one settings table of docs/operations.md."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys

from conftest import ROOT, run_crawl

import jobcrawl.settings as project_settings


def spooled_problem(url: str) -> str:
    item = {"url": url, "stage": "download", "reason": "timeout", "detail": None, "http_status": None}
    return json.dumps({"kind": "problem", "item": item}) + "\n"


def test_spool_path_from_the_environment_and_s_wins(tmp_path):
    # The crawl loads the spool file before crawling: which file it loads shows which setting it read.
    from_env, from_s = tmp_path / "env-spool.jsonl", tmp_path / "s-spool.jsonl"
    from_env.write_text(spooled_problem("https://example.com/from-env"))
    db = tmp_path / "p.db"
    crawl = run_crawl(f"sqlite:///{db}", env={"JOBCRAWL_SPOOL_PATH": str(from_env)})
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert not from_env.exists(), "the spool named by the environment variable was not loaded"
    from_env.write_text(spooled_problem("https://example.com/from-env-again"))
    from_s.write_text(spooled_problem("https://example.com/from-s"))
    crawl = run_crawl(f"sqlite:///{db}", "-s", f"JOBCRAWL_SPOOL_PATH={from_s}",
                      env={"JOBCRAWL_SPOOL_PATH": str(from_env)})
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert not from_s.exists() and from_env.exists(), "-s must win over the environment"
    with sqlite3.connect(db) as conn:
        urls = sorted(u for (u,) in conn.execute("SELECT url FROM crawl_errors"))
    assert urls == ["https://example.com/from-env", "https://example.com/from-s"]


def project_setting(name: str, env: dict[str, str], *args: str) -> str:
    code = ("import sys; from scrapy.utils.project import get_project_settings; s = get_project_settings(); "
            "[s.set(k, v, priority='cmdline') for k, v in (a.split('=', 1) for a in sys.argv[2:])]; "
            "print(s.get(sys.argv[1]))")
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("JOBCRAWL_")} | env
    done = subprocess.run([sys.executable, "-c", code, name, *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_precedence_s_over_environment_over_settings_py():
    name = "JOBCRAWL_STORE_BATCH_SIZE"
    assert project_setting(name, {}) == "100"
    assert project_setting(name, {name: "7"}) == "7"
    assert project_setting(name, {name: "7"}, f"{name}=9") == "9"
    assert project_setting(name, {name: ""}) == "100"  # empty counts as unset
    # The database URL follows the same rule (it used to be the environment over -s).
    url = "JOBCRAWL_DATABASE_URL"
    assert project_setting(url, {url: "sqlite:///env.db"}, f"{url}=sqlite:///s.db") == "sqlite:///s.db"


def test_every_setting_has_a_default_and_one_documented_row():
    used = set()
    for path in [*ROOT.joinpath("jobcrawl").rglob("*.py"), *ROOT.joinpath("pipelines").rglob("*.py")]:
        used |= set(re.findall(r"""["'](JOBCRAWL_[A-Z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    defaults = {name for name in vars(project_settings) if name.startswith("JOBCRAWL_")}
    assert used - defaults == set(), "settings read in code without a default in jobcrawl/settings.py"
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(JOBCRAWL_[A-Z0-9_]+)` \|", doc, flags=re.MULTILINE)
    assert sorted(rows) == sorted(set(rows)), "a setting documented twice"
    assert set(rows) == defaults, "docs/operations.md's settings table and jobcrawl/settings.py differ"
