"""``python -m jobcrawl.sql``: rows on stdout; a query the database refuses is one line with the database's own
message (no traceback), a database URL jobcrawl cannot use one line naming what to use."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from conftest import ROOT


def run_sql(db_url: str, query: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, JOBCRAWL_DATABASE_URL=db_url)
    return subprocess.run([sys.executable, "-m", "jobcrawl.sql", query], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def test_rows_printed(tmp_path):
    db = tmp_path / "p.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE postings (title TEXT)")
        conn.execute("INSERT INTO postings VALUES ('Data Engineer')")
    done = run_sql(f"sqlite:///{db}", "SELECT title FROM postings")
    assert (done.returncode, done.stdout) == (0, "title\nData Engineer\n")


def test_sql_typo_is_one_line_with_the_database_message(tmp_path):
    db = tmp_path / "p.db"
    sqlite3.connect(db).close()
    done = run_sql(f"sqlite:///{db}", "SELEC title FROM postings")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [f'jobcrawl.sql: error: near "SELEC": syntax error (sqlite:///{db})']


def test_unsupported_database_is_one_line():
    done = run_sql("mysql://u:hunter2@127.0.0.1/jobs", "SELECT 1")
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert "SQLite or PostgreSQL only" in line and "hunter2" not in line and "pip install" not in line
