"""Ask the real Alembic (1.8.1) what its autogenerate detects on the scenarios of autogenerate_scenarios.py.

Run: tests/alembic_parity/autogenerate.sh  (uses /usr/bin/python3; needs python3-alembic, python3-psycopg2
and the PostgreSQL server of MIGRATOR_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/test).

Per scenario and dialect: a fresh database (PostgreSQL: a new database with a random suffix, dropped
after; SQLite: a temporary file) built by the scenario's SQL, then
alembic.autogenerate.compare_metadata(MigrationContext(compare_type=True, compare_server_default=True),
metadata). Each diff is printed as one line "<kind> <object>", the kind being Alembic's (add_table,
remove_column, modify_type, ...) and the object "table", "table.column" or "table.constraint_name".
A known gap of migrator is printed after its line with "# KNOWN GAP: <why>", a line where nothing
differs (Alembic's own false positive) with "# NOT A DIFFERENCE: <why>".

`--json` prints the scenarios' names, dialects and SQL instead (autogenerate_scenarios.json).
"""
import json
import os
import sqlite3
import sys
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine

from autogenerate_scenarios import SCENARIOS

PG_URL = os.environ.get("MIGRATOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def setup_sql(scenario, dialect):
    setup = scenario["setup"]
    return setup[dialect] if isinstance(setup, dict) else setup


def describe(diff):
    """One line per Alembic diff: its kind and the object it is about."""
    kind = diff[0]
    if kind in ("add_table", "remove_table", "add_table_comment", "remove_table_comment"):
        return f"{kind} {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        return f"{kind} {diff[2]}.{diff[3].name}"
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        return f"{kind} {diff[1].table.name}.{diff[1].name}"
    if kind.startswith("modify_"):
        return f"{kind} {diff[2]}.{diff[3]}"
    return f"{kind} {diff!r}"


def flatten(diffs):
    for d in diffs:
        if isinstance(d, list):
            yield from d
        else:
            yield d


def alembic_lines(url, scenario):
    engine = create_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        metadata = MetaData()
        scenario["metadata"](metadata)
        return sorted(describe(d) for d in flatten(compare_metadata(ctx, metadata)))


def run_postgresql(scenario):
    name = f"alembic_parity_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(PG_URL)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        conn = psycopg2.connect(url)
        with conn, conn.cursor() as cur:
            for statement in setup_sql(scenario, "postgresql"):
                cur.execute(statement)
        conn.close()
        return alembic_lines(url.replace("postgresql://", "postgresql+psycopg2://", 1), scenario)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run_sqlite(scenario):
    with tempfile.TemporaryDirectory(prefix="alembic_parity_") as tmp:
        path = os.path.join(tmp, "test.db")
        conn = sqlite3.connect(path)
        for statement in setup_sql(scenario, "sqlite"):
            conn.execute(statement)
        conn.commit()
        conn.close()
        return alembic_lines(f"sqlite:///{path}", scenario)


RUN = {"postgresql": run_postgresql, "sqlite": run_sqlite}


def main():
    if sys.argv[1:] == ["--json"]:
        out = [{"name": s["name"], "setup": {d: setup_sql(s, d) for d in s["dialects"]}} for s in SCENARIOS]
        print(json.dumps(out, indent=1))
        return
    for s in SCENARIOS:
        for dialect in s["dialects"]:
            print(f"==================== {s['name']} {dialect}")
            for line in RUN[dialect](s):
                gap = s["known_gaps"].get(f"{dialect} {line}")
                same = s["not_differences"].get(f"{dialect} {line}")
                print(f"{line}  # KNOWN GAP: {gap}" if gap else f"{line}  # NOT A DIFFERENCE: {same}" if same else line)


if __name__ == "__main__":
    main()
