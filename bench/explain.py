"""The query plans behind search and similar exercises, for a database `bench/scale.py --keep`
left behind (or any Forge database).

Requests each endpoint once to warm the cached catalogue data (as scale.py does), then once
more while recording its queries, and prints every query that took longer than --slower-than
milliseconds, or that reads the search tables, with its plan: `EXPLAIN (ANALYZE, BUFFERS)` on
PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite. Nothing is written to the database.

    .venv/bin/python bench/explain.py --database-url postgres://postgres@127.0.0.1:5432/forge_bench
        [--only "search typo,search phrase"] [--slower-than 1] [--all]

Members' pages ("member history", "member plan", …) need the member bench/scale.py made.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Run as a script, bench/ is on the path: its shared pieces import as `scale`.
from scale import ENDPOINTS, MEMBER_ENDPOINTS, existing_member, setup_django  # noqa: E402

SEARCH_TABLES = ("exercises_searchterm", "exercises_searchword", "exercises_synonym")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument("--slower-than", type=float, default=2.0, help="milliseconds")
    parser.add_argument("--all", action="store_true", help="every query, however quick")
    return parser.parse_args(argv)


def plan(connection, sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def main(argv=None) -> None:
    args = parse_args(argv)
    if not args.database_url:
        sys.exit("give --database-url (or BENCH_DATABASE_URL)")
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with tempfile.TemporaryDirectory(prefix="forge-explain-") as tmp:
        setup_django(args.database_url, tmp)
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from exercises.models import Exercise

        print(f"== {Exercise.objects.count()} exercises ({connection.vendor})")
        visitor = Client()
        endpoints = [(name, path, visitor) for name, path in ENDPOINTS]
        if any(name.startswith("member") for name in only):
            # The signed-in member bench/scale.py made (their plan, 1,000 logged sessions).
            from forge.models import User

            member, plan_id = existing_member()
            assert isinstance(member, User)
            signed_in = Client()
            signed_in.force_login(member)
            endpoints += [
                (name, path.format(plan=plan_id), signed_in) for name, path in MEMBER_ENDPOINTS
            ]
        for name, path, client in endpoints:
            wanted = name in only if only else ("search" in name or name == "exercise page")
            if not wanted:
                continue
            for _ in range(2):
                client.get(path)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(path)
                wall = (time.perf_counter() - started) * 1000
            queries = captured.captured_queries
            total = sum(float(q["time"]) for q in queries) * 1000
            print(f"\n#### {name}  {path}")
            print(f"{len(queries)} queries, {total:.1f} ms in the database, {wall:.1f} ms wall")
            for number, query in enumerate(queries, 1):
                took = float(query["time"]) * 1000
                sql = query["sql"]
                reads_search = any(table in sql for table in SEARCH_TABLES)
                if not (args.all or took >= args.slower_than or reads_search):
                    continue
                print(f"\n-- query {number}: {took:.2f} ms\n{sql}\n")
                print(plan(connection, sql))


if __name__ == "__main__":
    main()
