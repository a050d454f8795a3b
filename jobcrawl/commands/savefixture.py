"""``scrapy savefixture URL_OR_FILE CASE``: record a page as a fixture case (see jobcrawl.fixtures)."""

from __future__ import annotations

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobcrawl.fixtures import REVIEW_HINT, CaseExists, record


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL_OR_FILE CASE [--url URL] [--fetched-at ISO] [--force]"

    def short_desc(self) -> str:
        return "Save a page as fixtures/pages/CASE and write its expected output for review"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="URL to record in meta.json for a saved file")
        parser.add_argument("--fetched-at", dest="fetched_at", help="frozen fetch time (ISO 8601)")
        parser.add_argument("--force", action="store_true", help="replace CASE if it already exists")

    def run(self, args, opts) -> None:
        if len(args) != 2:
            raise UsageError()
        try:
            path = record(args[0], args[1], opts.url, opts.fetched_at, force=opts.force)
        except CaseExists as exc:
            print(f"jobcrawl: error: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"wrote {path}; {REVIEW_HINT}")
