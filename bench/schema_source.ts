/**
 * The autogenerate benchmark's schema, written out table by table as a project would write it: N tables of
 * 8 columns, an index and a foreign key each. Table i refers to table i/2 (the first to itself): a tree of
 * depth log2(N), because SQLAlchemy 1.4 reflects a referred table recursively and a chain of 300 foreign keys
 * exceeds Python's recursion limit. Once as a migrator schema module, once as SQLAlchemy metadata for Alembic,
 * with the same names.
 */

export function migratorSchema(tables: number): string {
  const out = ['import { defineSchema, table } from "migrator";', "", "export default defineSchema({", "  tables: ["];
  for (let i = 1; i <= tables; i++) {
    const t = `t${i}`;
    const parent = `t${Math.max(1, Math.floor(i / 2))}`;
    out.push(
      `    table("${t}", [`,
      `      { name: "id", type: "integer", primaryKey: true, autoincrement: true },`,
      `      { name: "parent_id", type: "integer" },`,
      `      { name: "name", type: "varchar(100)", nullable: false },`,
      `      { name: "code", type: "varchar(20)" },`,
      `      { name: "price", type: "numeric(10,2)", default: 0 },`,
      `      { name: "active", type: "boolean", default: true },`,
      `      { name: "created", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },`,
      `      { name: "note", type: "text" },`,
      `    ], {`,
      `      foreignKeys: [{ name: "fk_${t}_parent_id", columns: ["parent_id"], refTable: "${parent}", refColumns: ["id"] }],`,
      `      indexes: [{ name: "ix_${t}_name", columns: ["name"] }],`,
      `    }),`,
    );
  }
  out.push("  ],", "});", "");
  return out.join("\n");
}

export function sqlalchemyMetadata(tables: number): string {
  const out = [
    "from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, Numeric, String, Table, Text, text",
    "",
    "metadata = MetaData()",
    "",
  ];
  for (let i = 1; i <= tables; i++) {
    const t = `t${i}`;
    const parent = `t${Math.max(1, Math.floor(i / 2))}`;
    out.push(
      `Table(`,
      `    "${t}",`,
      `    metadata,`,
      `    Column("id", Integer, primary_key=True, autoincrement=True),`,
      `    Column("parent_id", Integer, ForeignKey("${parent}.id", name="fk_${t}_parent_id")),`,
      `    Column("name", String(100), nullable=False),`,
      `    Column("code", String(20)),`,
      `    Column("price", Numeric(10, 2), server_default=text("0")),`,
      `    Column("active", Boolean, server_default=text("true")),`,
      `    Column("created", DateTime, server_default=text("CURRENT_TIMESTAMP")),`,
      `    Column("note", Text),`,
      `    Index("ix_${t}_name", "name"),`,
      `)`,
    );
  }
  out.push("");
  return out.join("\n");
}

/** A minimal Alembic project (1.8): alembic.ini, env.py comparing with models.metadata, the revision template. */
export function alembicProject(url: string, ignoreTable: string): Record<string, string> {
  return {
    "alembic.ini": `[alembic]\nscript_location = alembic\nsqlalchemy.url = ${url}\n`,
    "alembic/env.py": `import os
import sys

from alembic import context
from sqlalchemy import create_engine, pool

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from models import metadata  # noqa: E402


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and name in ("${ignoreTable}", "sqlite_sequence"))


engine = create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()
`,
    "alembic/script.py.mako": `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}

"""
from alembic import op
import sqlalchemy as sa
\${imports if imports else ""}

revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade():
    \${upgrades if upgrades else "pass"}


def downgrade():
    \${downgrades if downgrades else "pass"}
`,
  };
}
