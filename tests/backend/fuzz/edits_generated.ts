/**
 * Generated columns changed after they were made, in the extra edits' stream (generator.ts): another
 * expression (set in place where the server can: PostgreSQL 17+, MySQL, MariaDB, SQLite; a drop and an add
 * elsewhere), made plain (keeping its values where the server can), and, on the databases where the main
 * stream has no generated columns (all but PostgreSQL), one added, STORED or VIRTUAL.
 */
import type { Edit, EditContext } from "./edits.ts";
import { type FuzzColumn, freshName } from "./state.ts";

const familyOf = (ctx: EditContext, c: FuzzColumn) => ctx.types.familyOf(c.type).name;
const OTHER: Readonly<Record<string, string>> = { "lower({c})": "upper({c})", "upper({c})": "lower({c})", "({c} * 2)": "({c} * 3)", "({c} * 3)": "({c} * 2)" };

const anyGenerated = (ctx: EditContext) => {
  const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.columns.some((c) => c.generated)));
  const c = t && ctx.rng.pick(t.columns.filter((x) => x.generated));
  return t && c?.generated ? { t, c, generated: c.generated } : undefined;
};

export const GENERATED_EDITS: readonly Edit[] = [
  {
    name: "add generated column",
    weight: 2,
    // PostgreSQL's main stream adds them (edits_postgres.ts).
    notOn: ["postgres"],
    apply: (ctx) => {
      const { rng, s } = ctx;
      const t = rng.pick(s.tables);
      const base = t && rng.pick(t.columns.filter((c) => !c.generated && ["string", "int"].includes(familyOf(ctx, c))));
      if (!t || !base) return undefined;
      const text = familyOf(ctx, base) === "string";
      const virtual = rng.chance(0.3);
      const c: FuzzColumn = {
        name: freshName(s, "g"),
        type: text ? "varchar(200)" : "bigint",
        nullable: true,
        generated: { column: base.name, expression: text ? "lower({c})" : "({c} * 2)", ...(virtual ? { virtual: true } : {}) },
      };
      ctx.born.add(c);
      t.columns.push(c);
      return `add ${virtual ? "virtual " : ""}generated column ${t.name}.${c.name} ${c.type} as ${c.generated!.expression.replaceAll("{c}", base.name)}`;
    },
  },
  {
    name: "change generated expression",
    weight: 2,
    apply: (ctx) => {
      const at = anyGenerated(ctx);
      if (!at) return undefined;
      at.generated.expression = OTHER[at.generated.expression] ?? at.generated.expression;
      return `generated column ${at.t.name}.${at.c.name} as ${at.generated.expression.replaceAll("{c}", at.generated.column)}`;
    },
  },
  {
    name: "make generated column plain",
    weight: 1,
    apply: (ctx) => {
      const at = anyGenerated(ctx);
      if (!at) return undefined;
      delete at.c.generated;
      return `generated column ${at.t.name}.${at.c.name} made plain`;
    },
  },
];
