"""The console of a real crawl (``scrapy crawl`` in a subprocess): by default the progress line, the problems and
the summary, nothing else; ``-L INFO`` brings Scrapy's own lines back. No tracebacks for faults the crawl handles
(an unreachable host's robots.txt), no warnings about our own configuration."""

from __future__ import annotations

from conftest import free_port, run_crawl

NOISE = (
    "Traceback", "AssertionError", "JobdirGuard", "ScrapyDeprecationWarning", "randomize_delay",
    "Scrapy 2.", "Overridden settings", "Enabled extensions", "Dumping Scrapy stats", "Telnet", "alembic",
)


def test_demo_crawl_prints_a_handful_of_lines(tmp_path):
    crawl = run_crawl(f"sqlite:///{tmp_path / 'p.db'}")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    lines = crawl.stderr.strip().splitlines()
    # The demo-board notice and the summary (no progress line within 30 s, no problems on the demo board).
    assert len(lines) <= 5, crawl.stderr
    assert "crawling the bundled demo board" in crawl.stderr
    assert "Summary: finished" in lines[-1] and "14 postings extracted" in lines[-1]
    for noise in NOISE:
        assert noise not in crawl.stderr, noise


def test_log_level_brings_the_rest_back(tmp_path):
    crawl = run_crawl(f"sqlite:///{tmp_path / 'p.db'}", "-L", "INFO")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    for line in ("Scrapy 2.", "Dumping Scrapy stats", "Running upgrade", "Summary: finished"):
        assert line in crawl.stderr, line
    assert "JobdirGuard" not in crawl.stderr and "ScrapyDeprecationWarning" not in crawl.stderr
    debug = run_crawl(f"sqlite:///{tmp_path / 'p.db'}", "-s", "LOG_LEVEL=DEBUG")
    assert "[scrapy.core.engine] DEBUG: Crawled (200)" in debug.stderr


def test_unreachable_host_is_one_problem_line_without_traceback(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}/jobs/1"
    crawl = run_crawl(f"sqlite:///{tmp_path / 'p.db'}", "-a", f"urls={closed}", "-s", "ROBOTSTXT_OBEY=True",
                      "-s", "RETRY_TIMES=1")
    assert crawl.returncode == 1  # every request failed
    assert "Traceback" not in crawl.stderr
    assert "Gave up retrying" not in crawl.stderr  # the problem line says it
    robots = [line for line in crawl.stderr.splitlines() if "robots.txt" in line]
    assert len(robots) == 1 and "could not be fetched" in robots[0], crawl.stderr
    assert any("Skipped" in line and "connection-refused" in line for line in crawl.stderr.splitlines())
    assert "Summary: finished" in crawl.stderr and "connection-refused 1" in crawl.stderr


def test_sqlite_path_error_names_the_file_not_a_server(tmp_path):
    crawl = run_crawl(f"sqlite:///{tmp_path / 'no-such-dir' / 'p.db'}")
    assert crawl.returncode == 2
    lines = crawl.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobcrawl: error: Cannot open the database"), crawl.stderr
    assert "directory must exist" in lines[0]
    assert "host, port" not in lines[0]
