/**
 * No false differences: every spelling a server rewrites (or that another tool, a DBA or pg_dump writes
 * differently) compares equal with the declared schema. Online, the live table is made with raw SQL in one
 * spelling and the schema declares it in the other; offline, a revision's op.createTable writes one
 * spelling and the schema the other. Each dialect also has a negative control: a real difference IS found.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffSchema } from "../../src/commands/autogenerate.ts";
import { stamp } from "../../src/commands/stamp.ts";
import type { Config } from "../../src/config/types.ts";
import { openSession } from "../../src/runtime/session.ts";
import { removeDir, tempDir, testConfig, writeProject } from "../project.ts";
import { DATABASES, type TestDatabase } from "./databases.ts";

/** A table as the schema module declares it: table(name, columns, options). */
interface Declared {
  readonly name: string;
  readonly columns: readonly Record<string, unknown>[];
  readonly options?: Record<string, unknown>;
}

interface OnlineCase {
  readonly rewrite: string;
  /** Raw SQL making the live tables; `{db}` stands for the database's name. */
  readonly live: readonly string[];
  readonly declared: readonly Declared[];
  /** Schemas the schema module declares (PostgreSQL). */
  readonly schemas?: readonly string[];
  /** The negative control: a real difference, which must be reported. */
  readonly differs?: boolean;
}

interface OfflineCase {
  readonly rewrite: string;
  /** The body of the history revision's upgrade(op). */
  readonly history: string;
  readonly declared: readonly Declared[];
  readonly differs?: boolean;
}

const id = { name: "id", type: "integer", primaryKey: true };
const t = (name: string, columns: readonly Record<string, unknown>[], options?: Record<string, unknown>): Declared => ({ name, columns: [id, ...columns], ...(options ? { options } : {}) });

// ---- online: live table by raw SQL, per dialect ------------------------------------------------

const ONLINE: Readonly<Record<string, readonly OnlineCase[]>> = {
  postgres: [
    {
      rewrite: "now() vs CURRENT_TIMESTAMP",
      live: [`CREATE TABLE rw_now (id integer PRIMARY KEY, a timestamp DEFAULT now(), b timestamptz DEFAULT CURRENT_TIMESTAMP, c timestamptz DEFAULT now())`],
      declared: [t("rw_now", [
        { name: "a", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "b", type: "timestamptz", default: { sql: "now()" } },
        { name: "c", type: "timestamptz", default: { sql: "current_timestamp" } },
      ])],
    },
    {
      rewrite: "'{}' vs '{}'::jsonb",
      live: [`CREATE TABLE rw_json (id integer PRIMARY KEY, a jsonb DEFAULT '{}', b jsonb DEFAULT '{}'::jsonb, c jsonb DEFAULT '[]'::jsonb NOT NULL)`],
      declared: [t("rw_json", [
        { name: "a", type: "jsonb", default: { sql: "'{}'::jsonb" } },
        { name: "b", type: "jsonb", default: "{}" },
        { name: "c", type: "jsonb", nullable: false, default: { sql: "'[]'" } },
      ])],
    },
    {
      rewrite: "c IN ('x','y') vs c::text = ANY (ARRAY[...])",
      live: [
        `CREATE TABLE rw_in (id integer PRIMARY KEY, status varchar(10), kind varchar(10), code varchar(10),
          CONSTRAINT ck_rw_in_status CHECK (((status)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))),
          CONSTRAINT ck_rw_in_kind CHECK (kind IN ('a', 'b')),
          CONSTRAINT ck_rw_in_code CHECK (code::text = ANY (ARRAY['p', 'q'])),
          CONSTRAINT ck_rw_in_not CHECK (((code)::text <> ALL ((ARRAY['r'::character varying, 's'::character varying])::text[]))))`,
      ],
      declared: [t("rw_in", [{ name: "status", type: "varchar(10)" }, { name: "kind", type: "varchar(10)" }, { name: "code", type: "varchar(10)" }], {
        checks: [
          { name: "ck_rw_in_status", condition: "status IN ('x','y')" },
          { name: "ck_rw_in_kind", condition: "((kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))" },
          { name: "ck_rw_in_code", condition: "code in ('p', 'q')" },
          { name: "ck_rw_in_not", condition: "code NOT IN ('r', 's')" },
        ],
      })],
    },
    {
      rewrite: "numeric(10) vs numeric(10,0)",
      live: [`CREATE TABLE rw_numeric (id integer PRIMARY KEY, a numeric(10), b decimal(12,2), c NUMERIC(10,0))`],
      declared: [t("rw_numeric", [{ name: "a", type: "numeric(10,0)" }, { name: "b", type: "numeric(12, 2)" }, { name: "c", type: "decimal(10)" }])],
    },
    {
      rewrite: "varchar vs character varying (and int, bool, float8 synonyms)",
      live: [`CREATE TABLE rw_varchar (id int4 PRIMARY KEY, a character varying(20), b varchar, c int, d bool, e float8, f timestamp without time zone)`],
      declared: [t("rw_varchar", [
        { name: "a", type: "varchar(20)" },
        { name: "b", type: "character varying" },
        { name: "c", type: "integer" },
        { name: "d", type: "boolean" },
        { name: "e", type: "double precision" },
        { name: "f", type: "timestamp" },
      ])],
    },
    {
      rewrite: "server defaults: quoted numbers, booleans, casts",
      live: [`CREATE TABLE rw_defaults (id integer PRIMARY KEY, a integer DEFAULT '5', b boolean DEFAULT 't', c numeric(10,2) DEFAULT 0, d text DEFAULT 'it''s', e varchar(5) DEFAULT 'x'::character varying)`],
      declared: [t("rw_defaults", [
        { name: "a", type: "integer", default: 5 },
        { name: "b", type: "boolean", default: true },
        { name: "c", type: "numeric(10,2)", default: { sql: "0" } },
        { name: "d", type: "text", default: "it's" },
        { name: "e", type: "varchar(5)", default: "x" },
      ])],
    },
    {
      rewrite: "expression index (Alembic reports it on every run)",
      live: [
        `CREATE TABLE rw_expr (id integer PRIMARY KEY, email varchar(100), name text)`,
        `CREATE INDEX ix_rw_expr_lower ON rw_expr (LOWER(email))`,
        `CREATE INDEX ix_rw_expr_partial ON rw_expr USING btree (name) WHERE name IS NOT NULL`,
      ],
      declared: [t("rw_expr", [{ name: "email", type: "varchar(100)" }, { name: "name", type: "text" }], {
        indexes: [
          { name: "ix_rw_expr_lower", columns: [{ expression: "lower(email)" }] },
          { name: "ix_rw_expr_partial", columns: ["name"], where: "(name IS NOT NULL)" },
        ],
      })],
    },
    {
      rewrite: "foreign key: schema-qualified vs not (search_path)",
      live: [
        `CREATE TABLE rw_parent (id integer PRIMARY KEY)`,
        `CREATE TABLE rw_child (id integer PRIMARY KEY, a integer, b integer,
          CONSTRAINT fk_rw_child_a FOREIGN KEY (a) REFERENCES public.rw_parent (id),
          CONSTRAINT fk_rw_child_b FOREIGN KEY (b) REFERENCES rw_parent (id))`,
      ],
      declared: [
        t("rw_parent", []),
        t("rw_child", [{ name: "a", type: "integer" }, { name: "b", type: "integer" }], {
          foreignKeys: [
            { name: "fk_rw_child_a", columns: ["a"], refTable: "rw_parent", refColumns: ["id"] },
            { name: "fk_rw_child_b", columns: ["b"], refTable: "rw_parent", refSchema: "public", refColumns: ["id"] },
          ],
        }),
      ],
    },
    {
      rewrite: "foreign key: other schema, on the search_path or not",
      live: [
        `CREATE SCHEMA rw_app`,
        `CREATE TABLE rw_app.rw_owner (id integer PRIMARY KEY)`,
        `CREATE TABLE rw_app.rw_pet (id integer PRIMARY KEY, owner_id integer, CONSTRAINT fk_rw_pet_owner FOREIGN KEY (owner_id) REFERENCES rw_app.rw_owner (id))`,
        `CREATE TABLE rw_visit (id integer PRIMARY KEY, pet_id integer, CONSTRAINT fk_rw_visit_pet FOREIGN KEY (pet_id) REFERENCES rw_app.rw_pet (id))`,
        // Later sessions (diffSchema's) find rw_app's tables unqualified, as Alembic's users with a search_path do.
        `ALTER DATABASE "{db}" SET search_path = public, rw_app`,
      ],
      schemas: ["rw_app"],
      declared: [
        t("rw_app.rw_owner", []),
        t("rw_app.rw_pet", [{ name: "owner_id", type: "integer" }], { foreignKeys: [{ name: "fk_rw_pet_owner", columns: ["owner_id"], refTable: "rw_owner", refSchema: "rw_app", refColumns: ["id"] }] }),
        t("rw_visit", [{ name: "pet_id", type: "integer" }], { foreignKeys: [{ name: "fk_rw_visit_pet", columns: ["pet_id"], refTable: "rw_pet", refSchema: "rw_app", refColumns: ["id"] }] }),
      ],
    },
    {
      rewrite: "negative control: varchar(20) vs varchar(30)",
      live: [`CREATE TABLE rw_control (id integer PRIMARY KEY, a varchar(20))`],
      declared: [t("rw_control", [{ name: "a", type: "varchar(30)" }])],
      differs: true,
    },
    {
      rewrite: "negative control: now() vs clock_timestamp()",
      live: [`CREATE TABLE rw_control_now (id integer PRIMARY KEY, a timestamptz DEFAULT now())`],
      declared: [t("rw_control_now", [{ name: "a", type: "timestamptz", default: { sql: "clock_timestamp()" } }])],
      differs: true,
    },
    {
      rewrite: "negative control: IN ('x','y') vs IN ('x','z')",
      live: [`CREATE TABLE rw_control_in (id integer PRIMARY KEY, s varchar(10), CONSTRAINT ck_rw_control_in CHECK (s IN ('x', 'y')))`],
      declared: [t("rw_control_in", [{ name: "s", type: "varchar(10)" }], { checks: [{ name: "ck_rw_control_in", condition: "s::text = ANY (ARRAY['x', 'z'])" }] })],
      differs: true,
    },
  ],
  mysql: [
    {
      rewrite: "boolean vs tinyint(1)",
      live: [`CREATE TABLE rw_bool (id int PRIMARY KEY, a tinyint(1), b BOOLEAN DEFAULT TRUE, c bool NOT NULL DEFAULT 0)`],
      declared: [t("rw_bool", [
        { name: "a", type: "boolean" },
        { name: "b", type: "tinyint(1)", default: { sql: "1" } },
        { name: "c", type: "boolean", nullable: false, default: false },
      ])],
    },
    {
      rewrite: "int vs int(11)",
      live: [`CREATE TABLE rw_int (id int(11) PRIMARY KEY, a INT, b int(11), c bigint(20), d integer)`],
      declared: [t("rw_int", [{ name: "a", type: "int(11)" }, { name: "b", type: "int" }, { name: "c", type: "bigint" }, { name: "d", type: "int(11)" }])],
    },
    {
      rewrite: "numeric(10) vs numeric(10,0)",
      live: [`CREATE TABLE rw_numeric (id int PRIMARY KEY, a numeric(10), b decimal(12,2), c DECIMAL(10,0))`],
      declared: [t("rw_numeric", [{ name: "a", type: "numeric(10,0)" }, { name: "b", type: "numeric(12, 2)" }, { name: "c", type: "decimal(10)" }])],
    },
    {
      rewrite: "varchar vs character varying",
      live: [`CREATE TABLE rw_varchar (id int PRIMARY KEY, a character varying(20), b VARCHAR(30))`],
      declared: [t("rw_varchar", [{ name: "a", type: "varchar(20)" }, { name: "b", type: "character varying(30)" }])],
    },
    {
      rewrite: "now() vs CURRENT_TIMESTAMP",
      live: [`CREATE TABLE rw_now (id int PRIMARY KEY, a datetime DEFAULT now(), b timestamp NULL DEFAULT CURRENT_TIMESTAMP, c datetime(6) DEFAULT current_timestamp(6))`],
      declared: [t("rw_now", [
        { name: "a", type: { raw: "datetime" }, default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "b", type: { raw: "timestamp" }, default: { sql: "now()" } },
        { name: "c", type: { raw: "datetime(6)" }, default: { sql: "NOW(6)" } },
      ])],
    },
    {
      rewrite: "MariaDB's quoted COLUMN_DEFAULT",
      live: [`CREATE TABLE rw_defaults (id int PRIMARY KEY, a int DEFAULT '5', b varchar(10) DEFAULT 'it''s', c varchar(10) DEFAULT 'NULL', d varchar(10) DEFAULT NULL, e varchar(10) DEFAULT '5', f decimal(10,2) DEFAULT 0)`],
      declared: [t("rw_defaults", [
        { name: "a", type: "integer", default: 5 },
        { name: "b", type: "varchar(10)", default: "it's" },
        { name: "c", type: "varchar(10)", default: "NULL" },
        { name: "d", type: "varchar(10)" },
        { name: "e", type: "varchar(10)", default: "5" },
        { name: "f", type: "numeric(10,2)", default: 0 },
      ])],
    },
    {
      rewrite: "c IN ('x','y') CHECK as written vs as stored",
      live: [`CREATE TABLE rw_in (id int PRIMARY KEY, status varchar(10), CONSTRAINT ck_rw_in_status CHECK (status IN ('x','y')))`],
      declared: [t("rw_in", [{ name: "status", type: "varchar(10)" }], { checks: [{ name: "ck_rw_in_status", condition: "`status` in ('x', 'y')" }] })],
    },
    {
      rewrite: "foreign key: database-qualified vs not",
      live: [
        `CREATE TABLE rw_parent (id int PRIMARY KEY)`,
        "CREATE TABLE rw_child (id int PRIMARY KEY, a int, CONSTRAINT fk_rw_child_a FOREIGN KEY (a) REFERENCES `{db}`.rw_parent (id))",
      ],
      declared: [
        t("rw_parent", []),
        t("rw_child", [{ name: "a", type: "integer" }], { foreignKeys: [{ name: "fk_rw_child_a", columns: ["a"], refTable: "rw_parent", refColumns: ["id"] }] }),
      ],
    },
    {
      rewrite: "negative control: int vs bigint",
      live: [`CREATE TABLE rw_control (id int PRIMARY KEY, a int(11))`],
      declared: [t("rw_control", [{ name: "a", type: "bigint" }])],
      differs: true,
    },
  ],
  sqlite: [
    {
      rewrite: "names SQLite quoted when it rewrote them for a renamed column (index WHERE, CHECK) vs unquoted",
      live: [
        `CREATE TABLE rw_renamed (id INTEGER PRIMARY KEY, email TEXT, org INTEGER, CHECK (length(email) > 3))`,
        `CREATE INDEX ix_rw_renamed_org ON rw_renamed (org) WHERE email <> ''`,
        // The new name quoted, as migrator writes it: SQLite writes it so in every reference it rewrites.
        `ALTER TABLE rw_renamed RENAME COLUMN email TO "mail"`,
      ],
      declared: [t("rw_renamed", [{ name: "mail", type: "text" }, { name: "org", type: "integer" }], {
        checks: [{ condition: "length(mail) > 3" }],
        indexes: [{ name: "ix_rw_renamed_org", columns: ["org"], where: "mail <> ''" }],
      })],
    },
    {
      rewrite: "CURRENT_TIMESTAMP vs (current_timestamp)",
      live: [`CREATE TABLE rw_now (id INTEGER PRIMARY KEY, a DATETIME DEFAULT (current_timestamp), b DATETIME DEFAULT CURRENT_TIMESTAMP)`],
      declared: [t("rw_now", [
        { name: "a", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } },
        { name: "b", type: "timestamp", default: { sql: "(current_timestamp)" } },
      ])],
    },
    {
      rewrite: "varchar vs character varying",
      live: [`CREATE TABLE rw_varchar (id INTEGER PRIMARY KEY, a character varying(20), b varchar(30), c int, d BOOL)`],
      declared: [t("rw_varchar", [{ name: "a", type: "varchar(20)" }, { name: "b", type: { raw: "character varying(30)" } }, { name: "c", type: "integer" }, { name: "d", type: "boolean" }])],
    },
    {
      rewrite: "numeric(10) vs numeric(10,0)",
      live: [`CREATE TABLE rw_numeric (id INTEGER PRIMARY KEY, a numeric(10), b decimal(12,2))`],
      declared: [t("rw_numeric", [{ name: "a", type: "numeric(10,0)" }, { name: "b", type: "numeric(12, 2)" }])],
    },
    {
      rewrite: "server defaults: TRUE vs true, quoted numbers",
      live: [`CREATE TABLE rw_defaults (id INTEGER PRIMARY KEY, a BOOLEAN DEFAULT TRUE, b INTEGER DEFAULT (5), c TEXT DEFAULT 'it''s')`],
      declared: [t("rw_defaults", [{ name: "a", type: "boolean", default: true }, { name: "b", type: "integer", default: 5 }, { name: "c", type: "text", default: "it's" }])],
    },
    {
      rewrite: "c IN ('x','y') CHECK spacing and case",
      live: [`CREATE TABLE rw_in (id INTEGER PRIMARY KEY, status VARCHAR(10), CONSTRAINT ck_rw_in_status CHECK (status in ( 'x','y' )))`],
      declared: [t("rw_in", [{ name: "status", type: "varchar(10)" }], { checks: [{ name: "ck_rw_in_status", condition: "status IN ('x', 'y')" }] })],
    },
    {
      rewrite: "expression index (Alembic reports it on every run)",
      live: [`CREATE TABLE rw_expr (id INTEGER PRIMARY KEY, email VARCHAR(100))`, `CREATE INDEX ix_rw_expr_lower ON rw_expr (LOWER( email ))`],
      declared: [t("rw_expr", [{ name: "email", type: "varchar(100)" }], { indexes: [{ name: "ix_rw_expr_lower", columns: [{ expression: "lower(email)" }] }] })],
    },
    {
      rewrite: "negative control: default 1 vs 2",
      live: [`CREATE TABLE rw_control (id INTEGER PRIMARY KEY, a INTEGER DEFAULT 1)`],
      declared: [t("rw_control", [{ name: "a", type: "integer", default: 2 }])],
      differs: true,
    },
  ],
};

// ---- offline: a revision's op.createTable in one spelling, the schema in the other ------------------

const createTable = (name: string, columns: readonly Record<string, unknown>[], options?: Record<string, unknown>) =>
  `await op.createTable(${JSON.stringify(name)}, ${JSON.stringify([id, ...columns])}${options ? `, ${JSON.stringify(options)}` : ""});`;

const PORTABLE: readonly OfflineCase[] = [
  {
    rewrite: "now() vs CURRENT_TIMESTAMP",
    history: createTable("rw_now", [{ name: "a", type: "timestamp", default: { sql: "now()" } }, { name: "b", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } }]),
    declared: [t("rw_now", [{ name: "a", type: "timestamp", default: { sql: "CURRENT_TIMESTAMP" } }, { name: "b", type: "timestamp", default: { sql: "now()" } }])],
  },
  {
    rewrite: "numeric(10) vs numeric(10,0)",
    history: createTable("rw_numeric", [{ name: "a", type: "numeric(10)" }, { name: "b", type: "decimal(12,2)" }]),
    declared: [t("rw_numeric", [{ name: "a", type: "numeric(10,0)" }, { name: "b", type: "numeric(12, 2)" }])],
  },
  {
    rewrite: "varchar vs character varying",
    history: createTable("rw_varchar", [{ name: "a", type: "character varying(20)" }, { name: "b", type: "int" }]),
    declared: [t("rw_varchar", [{ name: "a", type: "varchar(20)" }, { name: "b", type: "integer" }])],
  },
  {
    rewrite: "negative control: varchar(20) vs varchar(30)",
    history: createTable("rw_control", [{ name: "a", type: "varchar(20)" }]),
    declared: [t("rw_control", [{ name: "a", type: "varchar(30)" }])],
    differs: true,
  },
];

const OFFLINE: Readonly<Record<string, readonly OfflineCase[]>> = {
  postgres: [
    ...PORTABLE,
    {
      rewrite: "timestamp(3) with time zone vs timestamptz(3), and the other long time spellings",
      history: createTable("rw_time", [
        { name: "a", type: "timestamp(3) with time zone" },
        { name: "b", type: "time(0) without time zone" },
        { name: "c", type: "time with time zone" },
        { name: "d", type: "bit varying(8)" },
      ]),
      declared: [t("rw_time", [{ name: "a", type: "timestamptz(3)" }, { name: "b", type: "time(0)" }, { name: "c", type: "timetz" }, { name: "d", type: "varbit(8)" }])],
    },
    {
      rewrite: "'{}' vs '{}'::jsonb",
      history: createTable("rw_json", [{ name: "a", type: "jsonb", default: "{}" }, { name: "b", type: "jsonb", default: { sql: "'[]'::jsonb" } }]),
      declared: [t("rw_json", [{ name: "a", type: "jsonb", default: { sql: "'{}'::jsonb" } }, { name: "b", type: "jsonb", default: "[]" }])],
    },
    {
      rewrite: "expression index spelling",
      history: `${createTable("rw_expr", [{ name: "email", type: "varchar(100)" }])}\n  await op.createIndex("ix_rw_expr_lower", "rw_expr", [{ expression: "LOWER( email )" }]);`,
      declared: [t("rw_expr", [{ name: "email", type: "varchar(100)" }], { indexes: [{ name: "ix_rw_expr_lower", columns: [{ expression: "lower(email)" }] }] })],
    },
    {
      rewrite: "c IN ('x','y') vs c::text = ANY (ARRAY[...])",
      history: createTable("rw_in", [{ name: "status", type: "varchar(10)" }], { checks: [{ name: "ck_rw_in_status", condition: "status IN ('x','y')" }] }),
      declared: [t("rw_in", [{ name: "status", type: "varchar(10)" }], { checks: [{ name: "ck_rw_in_status", condition: "((status)::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))" }] })],
    },
  ],
  mysql: [
    ...PORTABLE,
    {
      rewrite: "boolean vs tinyint(1)",
      history: createTable("rw_bool", [{ name: "a", type: "tinyint(1)" }, { name: "b", type: "boolean", default: true }, { name: "c", type: "tinyint(1)", default: 0 }]),
      declared: [t("rw_bool", [{ name: "a", type: "boolean" }, { name: "b", type: "tinyint(1)", default: 1 }, { name: "c", type: "boolean", default: false }])],
    },
    {
      rewrite: "int vs int(11)",
      history: createTable("rw_int", [{ name: "a", type: "int(11)" }, { name: "b", type: "bigint(20)" }]),
      declared: [t("rw_int", [{ name: "a", type: "integer" }, { name: "b", type: "bigint" }])],
    },
  ],
  sqlite: [
    ...PORTABLE,
    {
      rewrite: "expression index spelling",
      history: `${createTable("rw_expr", [{ name: "email", type: "varchar(100)" }])}\n  await op.createIndex("ix_rw_expr_lower", "rw_expr", [{ expression: "LOWER( email )" }]);`,
      declared: [t("rw_expr", [{ name: "email", type: "varchar(100)" }], { indexes: [{ name: "ix_rw_expr_lower", columns: [{ expression: "lower(email)" }] }] })],
    },
  ],
};

// ---- the suite ----------------------------------------------------------------------------------

function schemaSource(tables: readonly Declared[], schemas: readonly string[] = []): string {
  const calls = tables.map((d) => `table(${JSON.stringify(d.name)}, ${JSON.stringify(d.columns)}${d.options ? `, ${JSON.stringify(d.options)}` : ""})`);
  return `import { defineSchema, table } from "migrator";\nexport default defineSchema({ schemas: ${JSON.stringify(schemas)}, tables: [\n  ${calls.join(",\n  ")},\n] });\n`;
}

/** The names of the tables a case is about: the comparison is limited to them (include_tables). */
const only = (tables: readonly Declared[]) => ({ options: { include_tables: tables.map((d) => d.name).join(",") } });

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate rewrites: ${name}`, () => {
    let db: TestDatabase;
    let dir: string;
    let n = 0;
    const writeSchema = (tables: readonly Declared[], schemas?: readonly string[]): string => {
      const file = join(dir, `schema_${String(++n).padStart(2, "0")}.ts`);
      writeFileSync(file, schemaSource(tables, schemas));
      return file;
    };

    beforeAll(async () => {
      db = await create();
      dir = tempDir(`migrator-rewrites-${name}-`);
      // One empty revision, stamped: diffSchema compares only a database at the heads.
      writeProject(dir, [{ id: "r1", down: null, up: "", down_: "" }]);
      await stamp({ config: testConfig(dir, db.url), revisions: ["head"] });
    }, 60_000);
    afterAll(async () => {
      await db?.drop();
      removeDir(dir);
    }, 60_000);

    for (const c of ONLINE[name] ?? []) {
      test(`online: ${c.rewrite}`, async () => {
        const config: Config = testConfig(dir, db.url, only(c.declared));
        const session = await openSession(config);
        try {
          const dbName = new URL(db.url).pathname.slice(1);
          for (const sql of c.live) await session.conn.execute(sql.replaceAll("{db}", dbName));
        } finally {
          await session.conn.close();
        }
        const diff = await diffSchema({ config, schema: writeSchema(c.declared, c.schemas) });
        const ops = diff.changes.map((x) => x.op);
        if (c.differs) expect(ops.length).toBeGreaterThan(0);
        else expect({ rewrite: c.rewrite, ops, warnings: diff.warnings }).toEqual({ rewrite: c.rewrite, ops: [], warnings: [] });
      }, 60_000);
    }

    for (const c of OFFLINE[name] ?? []) {
      test(`offline: ${c.rewrite}`, async () => {
        const project = tempDir(`migrator-rewrites-offline-${name}-`);
        try {
          writeProject(project, [{ id: "h1", down: null, up: c.history, down_: "" }]);
          const config: Config = testConfig(project, db.url, only(c.declared));
          const diff = await diffSchema({ config, schema: writeSchema(c.declared), offline: true });
          const ops = diff.changes.map((x) => x.op);
          if (c.differs) expect(ops.length).toBeGreaterThan(0);
          else expect({ rewrite: c.rewrite, ops, warnings: diff.warnings }).toEqual({ rewrite: c.rewrite, ops: [], warnings: [] });
        } finally {
          removeDir(project);
        }
      }, 60_000);
    }
  });
}
