"""Autogenerate parity scenarios: a starting database (SQL) and a target schema as SQLAlchemy metadata.

The same target schema, written for migrator, is in autogenerate_schemas.ts under the same name.
autogenerate_parity.py runs Alembic's compare_metadata on each; `--json` writes the starting SQL to
autogenerate_scenarios.json for the bun test (autogenerate.test.ts), which needs no Python.

Each scenario: name, dialects, setup (SQL statements, for every dialect unless given per dialect as a
dict), metadata(m) adding the target tables to MetaData m, and two maps from "<dialect> <diff line>" to
a reason, printed after the line in the expected file: known_gaps, a real difference Alembic finds and
migrator does not ("# KNOWN GAP: ..."); not_differences, a line Alembic prints where the database
already matches the schema ("# NOT A DIFFERENCE: ..."; migrator must not print it).
"""
from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, Column, DateTime, Enum, Float, ForeignKey, ForeignKeyConstraint, Index, Integer,
    Numeric, String, Table, Text, UniqueConstraint, text,
)
from sqlalchemy.dialects import postgresql

PG = ("postgresql",)
BOTH = ("postgresql", "sqlite")


def users(m, *extra):
    """The table most scenarios start from and keep."""
    return Table("users", m, Column("id", Integer, primary_key=True, autoincrement=False),
                 Column("name", String(50), nullable=False), *extra)


USERS_SQL = "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)"


def s_identical(m):
    Table("items", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("name", String(100), nullable=False),
          Column("price", Numeric(10, 2), nullable=False, server_default=text("0")),
          Column("active", Boolean, nullable=False, server_default=text("true")),
          Column("body", Text),
          Column("owner_id", Integer, ForeignKey("users.id", name="fk_items_owner", ondelete="CASCADE")),
          UniqueConstraint("name", name="uq_items_name"),
          Index("ix_items_owner", "owner_id"))
    users(m)


def s_add_table(m):
    users(m)
    Table("posts", m, Column("id", Integer, primary_key=True, autoincrement=False), Column("title", String(200)))


def s_drop_table(m):
    users(m)


def s_add_column(m):
    users(m, Column("email", String(255)), Column("age", Integer, nullable=False, server_default=text("0")))


def s_drop_column(m):
    users(m)


def s_type_change(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", String(100)),          # was varchar(50)
          Column("b", BigInteger),           # was integer
          Column("c", Numeric(12, 4)),       # was numeric(10,2)
          Column("d", Text),                 # was varchar(20)
          Column("e", Integer))              # unchanged


def s_nullable(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", String(20), nullable=False),  # was NULL
          Column("b", String(20), nullable=True),   # was NOT NULL
          Column("c", String(20), nullable=False))  # unchanged


def s_server_default(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer, server_default=text("1")),        # had none
          Column("b", Integer, server_default=text("7")),        # was 5
          Column("c", Integer),                                  # had 3
          Column("d", String(10), server_default="x"),           # unchanged
          Column("e", Boolean, server_default=text("false")))    # was true


def s_index(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer), Column("b", Integer), Column("c", Integer),
          Index("ix_t_a", "a"),                    # added
          Index("ix_t_b", "b", "c"),               # was on (b)
          Index("ux_t_c", "c", unique=True))       # added, unique
    # ix_t_old on (c) is dropped


def s_unique(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer), Column("b", Integer),
          UniqueConstraint("a", name="uq_t_a"))    # added; uq_t_b is dropped


def s_fk_add_drop(m):
    users(m)
    Table("posts", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("author_id", Integer),
          Column("editor_id", Integer),
          ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_posts_author"))  # added; fk_posts_editor dropped


def s_fk_ondelete(m):
    users(m)
    Table("posts", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("author_id", Integer),
          ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_posts_author", ondelete="CASCADE"))  # was no action


def s_check(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("qty", Integer),
          CheckConstraint("qty >= 0", name="ck_t_qty"))


def s_comments(m):
    Table("a", m, Column("id", Integer, primary_key=True, autoincrement=False), comment="table a")      # had none
    Table("b", m, Column("id", Integer, primary_key=True, autoincrement=False))                         # had one
    Table("c", m, Column("id", Integer, primary_key=True, autoincrement=False), comment="new words")    # had other words
    Table("d", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("x", Integer, comment="the x"),      # had none
          Column("y", Integer),                       # had one
          Column("z", Integer, comment="new z"))      # had another


def s_enum(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("mood", Enum("sad", "ok", "happy", name="mood")),   # type mood had sad, ok
          Column("size", Enum("s", "m", "l", name="size")))         # new column of a new type


def s_partial_index(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer),
          Index("ix_t_a", "a", postgresql_where=text("a > 10"), sqlite_where=text("a > 10")))  # was WHERE a > 0


def s_mixed(m):
    """Several kinds at once, across tables that reference each other."""
    users(m, Column("email", String(255), nullable=False), Index("ix_users_email", "email", unique=True))
    Table("orders", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("user_id", Integer, ForeignKey("users.id", name="fk_orders_user"), nullable=False),
          Column("total", Numeric(12, 2), nullable=False, server_default=text("0")))


def s_type_change_pg(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("at", DateTime(timezone=True)),    # was timestamp without time zone
          Column("doc", postgresql.JSONB),          # was json
          Column("code", String),                   # was varchar(50)
          Column("n", Numeric(10, 0)),              # was integer
          Column("flag", Boolean),                  # was smallint
          Column("ratio", Float))                   # was numeric(5,2)


def s_same_name_changed(m):
    """Objects kept under their name whose definition changed."""
    users(m)
    Table("teams", m, Column("id", Integer, primary_key=True, autoincrement=False))
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer), Column("b", Integer), Column("owner_id", Integer),
          Index("ix_t_a", "a", unique=True),                                   # was not unique
          UniqueConstraint("a", "b", name="uq_t_ab"),                          # was on (b)
          ForeignKeyConstraint(["owner_id"], ["teams.id"], name="fk_t_owner",  # referenced users
                               onupdate="CASCADE"))


def s_default_text(m):
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("status", String(10), server_default="new"),      # was 'old'
          Column("n", Numeric(5, 2), server_default=text("1.5")))  # was 1.25


def s_column_with_index(m):
    """A new column declared with index=True / unique=True, and a table dropped with its foreign key."""
    users(m, Column("slug", String(40), index=True), Column("code", String(10)),
          UniqueConstraint("code", name="uq_users_code"))  # migrator: unique: true, named by its convention


def s_unique_as_index(m):
    """A unique constraint declared as a unique index of the same name, and the other way round."""
    Table("t", m,
          Column("id", Integer, primary_key=True, autoincrement=False),
          Column("a", Integer), Column("b", Integer),
          Index("uq_t_a", "a", unique=True),         # is CONSTRAINT uq_t_a UNIQUE (a)
          UniqueConstraint("b", name="ux_t_b"))      # is CREATE UNIQUE INDEX ux_t_b ON t (b)


SCENARIOS = [
    dict(name="identical", dialects=BOTH, metadata=s_identical, not_differences={
        "sqlite modify_default items.active": "SQLAlchemy reflects the default as \"(true)\"; Alembic strips the"
                                              " parentheses of the declared default only, so DEFAULT true never matches",
    }, setup=[
        USERS_SQL,
        "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, price NUMERIC(10,2) DEFAULT 0 NOT NULL,"
        " active BOOLEAN DEFAULT true NOT NULL, body TEXT, owner_id INTEGER,"
        " CONSTRAINT uq_items_name UNIQUE (name),"
        " CONSTRAINT fk_items_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE)",
        "CREATE INDEX ix_items_owner ON items (owner_id)",
    ]),
    dict(name="add_table", dialects=BOTH, metadata=s_add_table, setup=[USERS_SQL]),
    dict(name="drop_table", dialects=BOTH, metadata=s_drop_table, setup=[
        USERS_SQL, "CREATE TABLE legacy (id INTEGER NOT NULL PRIMARY KEY, note TEXT)", "CREATE INDEX ix_legacy_note ON legacy (note)"]),
    dict(name="add_column", dialects=BOTH, metadata=s_add_column, setup=[USERS_SQL]),
    dict(name="drop_column", dialects=BOTH, metadata=s_drop_column, setup=[
        "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, nickname VARCHAR(30), score INTEGER DEFAULT 0)"]),
    dict(name="type_change", dialects=BOTH, metadata=s_type_change, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a VARCHAR(50), b INTEGER, c NUMERIC(10,2), d VARCHAR(20), e INTEGER)"]),
    dict(name="nullable", dialects=BOTH, metadata=s_nullable, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a VARCHAR(20), b VARCHAR(20) NOT NULL, c VARCHAR(20) NOT NULL)"]),
    dict(name="server_default", dialects=BOTH, metadata=s_server_default, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER DEFAULT 5, c INTEGER DEFAULT 3,"
        " d VARCHAR(10) DEFAULT 'x', e BOOLEAN DEFAULT true)"]),
    dict(name="index", dialects=BOTH, metadata=s_index, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER)",
        "CREATE INDEX ix_t_b ON t (b)", "CREATE INDEX ix_t_old ON t (c)"]),
    dict(name="unique", dialects=BOTH, metadata=s_unique, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, CONSTRAINT uq_t_b UNIQUE (b))"]),
    dict(name="fk_add_drop", dialects=BOTH, metadata=s_fk_add_drop, setup=[
        USERS_SQL,
        "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER, editor_id INTEGER,"
        " CONSTRAINT fk_posts_editor FOREIGN KEY (editor_id) REFERENCES users (id))"]),
    dict(name="fk_ondelete", dialects=BOTH, metadata=s_fk_ondelete, setup=[
        USERS_SQL,
        "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER,"
        " CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id))"]),
    dict(name="check", dialects=BOTH, metadata=s_check, setup=["CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER)"]),
    dict(name="comments", dialects=PG, metadata=s_comments, setup=[
        "CREATE TABLE a (id INTEGER NOT NULL PRIMARY KEY)",
        "CREATE TABLE b (id INTEGER NOT NULL PRIMARY KEY)", "COMMENT ON TABLE b IS 'table b'",
        "CREATE TABLE c (id INTEGER NOT NULL PRIMARY KEY)", "COMMENT ON TABLE c IS 'old words'",
        "CREATE TABLE d (id INTEGER NOT NULL PRIMARY KEY, x INTEGER, y INTEGER, z INTEGER)",
        "COMMENT ON COLUMN d.y IS 'the y'", "COMMENT ON COLUMN d.z IS 'old z'"]),
    dict(name="enum", dialects=PG, metadata=s_enum, setup=[
        "CREATE TYPE mood AS ENUM ('sad', 'ok')",
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, mood mood)"]),
    dict(name="partial_index", dialects=BOTH, metadata=s_partial_index, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER)", "CREATE INDEX ix_t_a ON t (a) WHERE a > 0"]),
    dict(name="type_change_pg", dialects=PG, metadata=s_type_change_pg, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, at TIMESTAMP, doc JSON, code VARCHAR(50), n INTEGER,"
        " flag SMALLINT, ratio NUMERIC(5,2))"]),
    dict(name="same_name_changed", dialects=BOTH, metadata=s_same_name_changed, setup=[
        USERS_SQL, "CREATE TABLE teams (id INTEGER NOT NULL PRIMARY KEY)",
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, owner_id INTEGER,"
        " CONSTRAINT uq_t_ab UNIQUE (b), CONSTRAINT fk_t_owner FOREIGN KEY (owner_id) REFERENCES users (id))",
        "CREATE INDEX ix_t_a ON t (a)"]),
    dict(name="default_text", dialects=BOTH, metadata=s_default_text, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, status VARCHAR(10) DEFAULT 'old', n NUMERIC(5,2) DEFAULT 1.25)"]),
    dict(name="column_with_index", dialects=BOTH, metadata=s_column_with_index, setup=[
        USERS_SQL, "CREATE TABLE tokens (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER,"
        " CONSTRAINT fk_tokens_user FOREIGN KEY (user_id) REFERENCES users (id))"]),
    dict(name="unique_as_index", dialects=BOTH, metadata=s_unique_as_index, setup=[
        "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, CONSTRAINT uq_t_a UNIQUE (a))",
        "CREATE UNIQUE INDEX ux_t_b ON t (b)"]),
    dict(name="mixed", dialects=BOTH, metadata=s_mixed, setup=[
        USERS_SQL, "CREATE TABLE old_orders (id INTEGER NOT NULL PRIMARY KEY)"]),
]

for s in SCENARIOS:
    s.setdefault("known_gaps", {})
    s.setdefault("not_differences", {})
