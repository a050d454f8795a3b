"""Run one SQL query against the jobcrawl database and print the rows (for machines without sqlite3/psql).

    python -m jobcrawl.sql "SELECT company, count(*) FROM postings GROUP BY company"
"""

from __future__ import annotations

import sys

from sqlalchemy import text

from jobcrawl.db import make_engine, resolve_database_url


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    engine = make_engine(resolve_database_url())
    with engine.connect() as conn:
        result = conn.execute(text(args[0]))
        if result.returns_rows:
            print("\t".join(result.keys()))
            for row in result:
                print("\t".join("" if v is None else str(v) for v in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
