/**
 * The column types the fuzzer declares, in families within which a type change is one the server makes
 * on an empty table without a USING clause (integer → bigint, varchar(n) → text, numeric precision), with
 * the defaults and CHECK conditions valid for every type of the family. What a server refuses for reasons
 * of its own (MySQL cannot index or key a TEXT column without a prefix length) is said here, chosen by
 * the dialect, so that the edits never ask for it.
 */
import type { DefaultValue } from "../../../src/operations/ops.ts";
import type { Rng } from "./random.ts";

export interface TypeFamily {
  readonly name: string;
  /** A random type of the family. */
  random(rng: Rng): string;
  has(type: string): boolean;
  /** A server default valid for every type of the family (undefined: none this time). */
  randomDefault(rng: Rng): DefaultValue | undefined;
  /** CHECK conditions on the column, `{c}` standing for its name. */
  readonly checks: readonly string[];
  /** Types that autoincrement (identity, serial, AUTO_INCREMENT). */
  readonly counts: boolean;
}

export interface TypePools {
  readonly families: readonly TypeFamily[];
  familyOf(type: string): TypeFamily;
  /** The type may be in an index, a key or a foreign key. */
  keyable(type: string): boolean;
  /** The type may have a server default. */
  defaultable(type: string): boolean;
}

const intTypes = ["smallint", "integer", "bigint"];
const timestampTypes = ["timestamp", "timestamptz", "timestamp(3)"];

/** An enum type of the schema (edits_postgres.ts names them en1, en2..., "fz_a.en3" in another schema): its values are the schema's, so no default here. */
const ENUM_TYPE = /^(?:\w+\.)?en\d+$/;
const ENUM_FAMILY: TypeFamily = { name: "enum", random: () => "", has: (t) => ENUM_TYPE.test(t), randomDefault: () => undefined, checks: [], counts: false };

/** Types of PostgreSQL's own, each a family of one. */
const POSTGRES_FAMILIES: readonly TypeFamily[] = [
  { name: "uuid", random: () => "uuid", has: (t) => t === "uuid", randomDefault: () => ({ sql: "gen_random_uuid()" }), checks: [], counts: false },
  { name: "jsonb", random: () => "jsonb", has: (t) => t === "jsonb", randomDefault: () => ({ sql: "'{}'::jsonb" }), checks: ["jsonb_typeof({c}) = 'object'"], counts: false },
  { name: "array", random: () => "text[]", has: (t) => t === "text[]", randomDefault: () => ({ sql: "'{}'::text[]" }), checks: ["cardinality({c}) < 5"], counts: false },
];

/** The families for a dialect: `name` only where a server's own rule has no capability to ask. */
export function typePools(dialect: string): TypePools {
  const mysql = dialect === "mysql";
  const postgres = dialect === "postgres";
  const varcharLengths = [8, 16, 32, 64, 100, 255];
  // MySQL: TEXT is neither keyable without a prefix length nor (before 8.0.13) defaultable; left out there.
  const stringTypes = (rng: Rng) => (!mysql && rng.chance(0.25) ? "text" : `varchar(${rng.pick(varcharLengths)})`);
  const nowish: DefaultValue[] = [{ sql: "CURRENT_TIMESTAMP" }, ...(postgres ? [{ sql: "now()" }] : [])];
  const families: TypeFamily[] = [
    {
      name: "int",
      random: (rng) => rng.pick(intTypes)!,
      has: (t) => intTypes.includes(t),
      randomDefault: (rng) => rng.int(0, 99),
      checks: ["{c} >= 0", "{c} <> 7"],
      counts: true,
    },
    {
      name: "string",
      random: stringTypes,
      has: (t) => t === "text" || t.startsWith("varchar("),
      // Short enough for the shortest varchar; a quote to exercise escaping.
      randomDefault: (rng) => rng.pick(["a", "xyz", "", "o'k"]),
      checks: ["{c} <> ''", "{c} <> 'none'"],
      counts: false,
    },
    {
      name: "numeric",
      random: (rng) => {
        const p = rng.int(5, 18);
        return `numeric(${p},${rng.int(0, Math.min(4, p - 1))})`;
      },
      has: (t) => t.startsWith("numeric("),
      // Whole numbers: a fraction the scale cuts would be a difference the declaration itself made.
      randomDefault: (rng) => rng.int(0, 9),
      checks: ["{c} >= 0"],
      counts: false,
    },
    {
      name: "boolean",
      random: () => "boolean",
      has: (t) => t === "boolean",
      randomDefault: (rng) => rng.chance(0.5),
      checks: [],
      counts: false,
    },
    {
      name: "date",
      random: () => "date",
      has: (t) => t === "date",
      randomDefault: (rng) => (rng.chance(0.5) ? "2020-01-02" : { sql: "CURRENT_DATE" }),
      checks: ["{c} > '2000-01-01'"],
      counts: false,
    },
    {
      name: "timestamp",
      // PostgreSQL converts between these without USING.
      random: (rng) => (postgres ? rng.pick(timestampTypes)! : "timestamp"),
      has: (t) => timestampTypes.includes(t),
      randomDefault: (rng) => (rng.chance(0.3) ? "2020-01-02 03:04:05" : rng.pick(nowish)),
      checks: [],
      counts: false,
    },
    ...(postgres ? POSTGRES_FAMILIES : []),
  ];
  const familyOf = (type: string) => {
    const f = families.find((x) => x.has(type)) ?? (postgres && ENUM_TYPE.test(type) ? ENUM_FAMILY : undefined);
    if (!f) throw new Error(`The fuzzer's type "${type}" is in no family`);
    return f;
  };
  return {
    families,
    familyOf,
    keyable: (type) => !(mysql && type === "text"),
    defaultable: (type) => !(mysql && type === "text"),
  };
}
