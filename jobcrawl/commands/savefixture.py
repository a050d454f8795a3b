"""``scrapy savefixture URL_OR_FILE CASE``: record a page as a fixture case (see jobcrawl.fixtures)."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobcrawl.fixtures import record


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL_OR_FILE CASE [--url URL] [--fetched-at ISO]"

    def short_desc(self) -> str:
        return "Save a page as fixtures/pages/CASE and write its expected output for review"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="URL to record in meta.json for a saved file")
        parser.add_argument("--fetched-at", dest="fetched_at", help="frozen fetch time (ISO 8601)")

    def run(self, args, opts) -> None:
        if len(args) != 2:
            raise UsageError()
        path = record(args[0], args[1], opts.url, opts.fetched_at)
        print(f"wrote {path}; review it (git diff) before committing")
