"""``scrapy export``: write stored postings as CSV or JSON Lines (see jobcrawl.export and docs/operations.md).

    scrapy export [-o FILE] [--format csv|jsonl] [--run ID] [--open | --closed] [--since DATE] [--distinct]

The database is the crawl's (JOBCRAWL_DATABASE_URL from the environment, then ``-s``/settings, then
./postings.db); it is only read. Without ``-o`` (or with ``-o -``) rows go to stdout. Exit status 0 when the
export was written, 2 when it could not start (a wrong setting or option, no database); the message is one line
on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from jobcrawl.commands.crawl import install_secret_filter, one_line
from jobcrawl.db import DatabaseConfigError, make_engine, mask_url, resolve_database_url
from jobcrawl.export import FORMATS, ExportError, Filters, export, format_for, parse_since


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[-o FILE] [--format csv|jsonl] [--run ID] [--open | --closed] [--since DATE] [--distinct]"

    def short_desc(self) -> str:
        return "Write stored postings (ids, duplicate links, normalized fields, sections) as CSV or JSON Lines"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", default="-",
                            help="file to write (default: stdout); .csv means CSV unless --format says otherwise")
        parser.add_argument("--format", choices=FORMATS, help="csv or jsonl (default: from -o's extension, else jsonl)")
        parser.add_argument("--run", type=int, metavar="ID",
                            help="postings crawl run ID stored new or changed, or was the last run to see")
        state = parser.add_mutually_exclusive_group()
        state.add_argument("--open", dest="state", action="store_const", const="open",
                           help="only postings not closed (closed_at is null)")
        state.add_argument("--closed", dest="state", action="store_const", const="closed",
                           help="only closed postings")
        parser.add_argument("--since", metavar="DATE", help="only postings first seen on or after DATE (UTC)")
        parser.add_argument("--distinct", action="store_true",
                            help="leave out postings linked as duplicates of another (duplicate_of is set)")

    def run(self, args, opts) -> None:
        if args:
            raise UsageError()
        install_secret_filter()
        try:
            filters = Filters(run_id=opts.run, state=opts.state, distinct=opts.distinct,
                              since=parse_since(opts.since) if opts.since else None)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        url = resolve_database_url(self.settings)
        try:
            self.exitcode = self._export(url, opts, filters)
        except (DatabaseConfigError, ExportError, SQLAlchemyError, OSError) as exc:
            # the database's own message, without SQLAlchemy's statement dump
            print(f"jobcrawl: error: {one_line(getattr(exc, 'orig', None) or exc)}", file=sys.stderr)
            self.exitcode = 2

    @staticmethod
    def _export(url: str, opts, filters: Filters) -> int:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            if not Path(parsed.database).exists():  # connecting would create an empty file
                raise ExportError(f"no database at {mask_url(url)}: crawl into it first, or set "
                                  "JOBCRAWL_DATABASE_URL")
        engine = make_engine(url)
        fmt = format_for(opts.output if opts.output != "-" else None, opts.format)
        try:
            if opts.output == "-":
                count = export(engine, sys.stdout, fmt, filters)
                sys.stdout.flush()
            else:
                with open(opts.output, "w", encoding="utf-8", newline="") as out:
                    count = export(engine, out, fmt, filters)
        finally:
            engine.dispose()
        print(f"exported {count} postings from {mask_url(url)}"
              + ("" if opts.output == "-" else f" to {opts.output}"), file=sys.stderr)
        return 0
