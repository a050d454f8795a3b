"""Run one SQL query against the jobcrawl database and print the rows (for machines without sqlite3/psql).

    python -m jobcrawl.sql "SELECT company, count(*) FROM postings GROUP BY company"

The database is JOBCRAWL_DATABASE_URL (environment variable), else ./postings.db. A query the database refuses
prints one line with the database's own message and exits 1; a URL that does not work, one line and exit 2.
"""

from __future__ import annotations

import sys

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from jobcrawl.db import DatabaseConfigError, make_engine, mask_url, resolve_database_url


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    url = resolve_database_url()
    try:
        engine = make_engine(url)
    except DatabaseConfigError as exc:
        print(f"jobcrawl.sql: error: {exc}", file=sys.stderr)
        return 2
    try:
        with engine.connect() as conn:
            result = conn.execute(text(args[0]))
            if result.returns_rows:
                print("\t".join(result.keys()))
                for row in result:
                    print("\t".join("" if v is None else str(v) for v in row))
    except DBAPIError as exc:
        # The database's own message ("near "SELEC": syntax error", "relation "x" does not exist"), not
        # SQLAlchemy's traceback with the statement repeated.
        print(f"jobcrawl.sql: error: {' '.join(str(exc.orig).split())} ({mask_url(url)})", file=sys.stderr)
        return 1
    except StatementError as exc:  # e.g. a ":name" in the query taken for a bound parameter
        print(f"jobcrawl.sql: error: {' '.join(str(exc.orig or exc).split())}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
