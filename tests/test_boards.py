"""The boards pipeline (one row per ATS board, updated per crawl) on SQLite and PostgreSQL, and the spider's
board arguments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobcrawl import models as m
from jobcrawl.db import make_engine, upgrade_to_head
from jobcrawl.items import BoardCrawl
from jobcrawl.spiders.postings import PostingsSpider
from pipelines.boards import BoardsPipeline


def test_a_board_keeps_its_last_complete_crawl_and_owner(db_url):
    upgrade_to_head(make_engine(db_url))
    pipeline = BoardsPipeline(db_url)
    pipeline.process_item(BoardCrawl("recruitee", "acme", "https://acme.recruitee.com", "Acme", True, 45))
    with pipeline.engine.connect() as conn:
        first = conn.execute(select(m.Board)).one()
    # a later crawl that failed midway, in whose answers no owner was named
    pipeline.process_item(BoardCrawl("recruitee", "acme", "https://acme.recruitee.com", None, False, 12))
    with pipeline.engine.connect() as conn:
        [row] = conn.execute(select(m.Board)).all()
    assert (row.owner_name, row.posting_count, row.last_crawl_complete) == ("Acme", 12, False)
    assert row.last_complete_at == first.last_complete_at is not None
    assert row.first_seen_at == first.first_seen_at and row.last_crawled_at >= first.last_crawled_at
    pipeline.close_spider()


def test_other_items_pass_through(tmp_path):
    pipeline = BoardsPipeline(f"sqlite:///{tmp_path / 'p.db'}")
    assert pipeline.process_item("not a board") == "not a board"


def test_board_arguments():
    spider = PostingsSpider(board="https://jobs.lever.co/acme,https://acme.wd5.myworkdayjobs.com/en-US/External",
                            breezy="acme", careers="https://www.acme.example/careers")
    assert [(b.family, b.slug, b.site) for b in spider.boards] == [
        ("breezy", "acme", None), ("lever", "acme", None), ("workday", "acme", "External")]
    assert spider.careers_urls == ["https://www.acme.example/careers"]
    assert not spider.uses_demo_board


def test_boards_file_lines_that_are_no_board_are_careers_pages(tmp_path):
    listed = tmp_path / "boards.txt"
    listed.write_text("https://acme.recruitee.com  # Acme\nhttps://www.globex.example/jobs\n")
    spider = PostingsSpider(boards_file=str(listed))
    assert [(b.family, b.slug) for b in spider.boards] == [("recruitee", "acme")]
    assert spider.careers_urls == ["https://www.globex.example/jobs"]


@pytest.mark.parametrize("arguments, message", [
    ({"board": "https://www.example.com/jobs"}, "not a board URL"),
    ({"workday": "acme"}, "give the board URL"),
    ({"lever": "https://acme.recruitee.com"}, "not a lever board URL"),
])
def test_wrong_board_arguments_name_the_fix(arguments, message):
    with pytest.raises(ValueError, match=message):
        PostingsSpider(**arguments)


def test_a_board_whose_answer_raised_is_still_recorded():
    from scrapy.http import TextResponse
    from scrapy.utils.test import get_crawler

    from jobcrawl.extract.ats.detect import api_request, board_from_url

    crawler = get_crawler(PostingsSpider)
    spider = PostingsSpider.from_crawler(crawler)
    board = board_from_url("https://acme.recruitee.com")
    request = spider.board_request(board)
    # a listed posting that is not one makes extraction raise: any bug in a board's answer would
    request.meta["jobcrawl_listed"] = "not a posting"
    response = TextResponse(url=request.url, body=b'{"offers": []}', encoding="utf-8",
                            headers={"Content-Type": "application/json"}, request=request)
    items = []
    with pytest.raises(AttributeError):
        items.extend(spider.parse(response))
    boards = [i for i in items if isinstance(i, BoardCrawl)]
    assert [(b.family, b.complete) for b in boards] == [("recruitee", False)]
    assert api_request(board).url == request.url


def test_board_tracker_ignores_a_board_another_worker_started():
    """A Redis worker may answer a board request another worker scheduled: it makes the request and tracks
    nothing (that board's record and snapshot come from the worker that started it), instead of a KeyError."""
    from jobcrawl.extract import FollowRequest
    from jobcrawl.spiders.boards import BoardTracker

    tracker = BoardTracker()
    assert tracker.add("greenhouse:elsewhere", FollowRequest("https://boards-api.greenhouse.io/v1/boards/x/jobs"))
    tracker.count("greenhouse:elsewhere", [])
    tracker.fail("greenhouse:elsewhere", "http-500")
    assert tracker.done("greenhouse:elsewhere") == []
    assert tracker.boards == {}
