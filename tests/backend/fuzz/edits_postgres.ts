/**
 * Edits of what only PostgreSQL declares here: partial and expression indexes, NULLS FIRST / LAST and
 * INCLUDE, NULLS NOT DISTINCT, deferrable foreign keys, enum types (values added, removed, reordered),
 * stored generated columns, column collations. Drawn only on PostgreSQL (generator.ts), so that
 * the other databases' walks, and their seeds, stay as they were. Each object gets a name of its own:
 * the naming convention would give a partial index the name of a plain one on the same columns.
 */
import type { Rng } from "./random.ts";
import type { Edit, EditContext } from "./edits.ts";
import { enumType, type FuzzColumn, type FuzzTable, freshName } from "./state.ts";

const anyTable = (ctx: EditContext) => ctx.rng.pick(ctx.s.tables);
const keyable = (ctx: EditContext, t: FuzzTable) => t.columns.filter((c) => ctx.types.keyable(c.type));
const familyOf = (ctx: EditContext, c: FuzzColumn) => ctx.types.familyOf(c.type).name;
export const ENUM_VALUES = ["a", "b", "c", "d", "e"];
const nulls = (rng: Rng) => (rng.chance(0.5) ? undefined : rng.chance(0.5) ? ("first" as const) : ("last" as const));

export const POSTGRES_EDITS: readonly Edit[] = [
  {
    name: "add partial index",
    weight: 2,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const cols = t ? rng.some(keyable(ctx, t), rng.int(1, 2)) : [];
      const on = t && rng.pick(t.columns);
      if (!t || !on || cols.length === 0) return undefined;
      const numeric = ["int", "numeric"].includes(familyOf(ctx, on));
      const condition = numeric && rng.chance(0.5) ? "{c} > 0" : rng.pick(["{c} IS NOT NULL", "{c} IS NULL"])!;
      const unique = rng.chance(0.3);
      t.indexes.push({ name: freshName(ctx.s, "ix_part"), columns: cols.map((c) => ({ name: c.name, desc: rng.chance(0.3) })), unique, where: { column: on.name, condition } });
      return `add partial ${unique ? "unique " : ""}index on ${t.name}(${cols.map((c) => c.name).join(", ")}) where ${condition.replaceAll("{c}", on.name)}`;
    },
  },
  {
    name: "add expression index",
    weight: 1,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const c = t && rng.pick(t.columns.filter((x) => ["string", "int"].includes(familyOf(ctx, x))));
      if (!t || !c) return undefined;
      const expression = familyOf(ctx, c) === "string" ? rng.pick(["lower({c})", "upper({c})"])! : "({c} + 1)";
      t.indexes.push({ name: freshName(ctx.s, "ix_expr"), columns: [{ name: c.name, desc: rng.chance(0.3), expression }], unique: rng.chance(0.2) });
      return `add expression index on ${t.name}: ${expression.replaceAll("{c}", c.name)}`;
    },
  },
  {
    name: "add index with NULLS and INCLUDE",
    weight: 1,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const cols = t ? rng.some(keyable(ctx, t), rng.int(1, 2)) : [];
      if (!t || cols.length === 0) return undefined;
      const include = rng.some(t.columns.filter((c) => !cols.includes(c)), rng.int(0, 2)).map((c) => c.name);
      const columns = cols.map((c) => {
        const n = nulls(rng);
        return { name: c.name, desc: rng.chance(0.4), ...(n ? { nulls: n } : {}) };
      });
      t.indexes.push({ name: freshName(ctx.s, "ix_nl"), columns, unique: rng.chance(0.3), ...(include.length > 0 ? { include } : {}) });
      return `add index on ${t.name}(${columns.map((k) => `${k.name}${k.desc ? " desc" : ""}${k.nulls ? ` nulls ${k.nulls}` : ""}`).join(", ")})${include.length > 0 ? ` include (${include.join(", ")})` : ""}`;
    },
  },
  {
    name: "add unique NULLS NOT DISTINCT",
    weight: 1,
    needs: "nullsNotDistinct",
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const cols = t ? rng.some(keyable(ctx, t), rng.int(1, 2)) : [];
      if (!t || cols.length === 0) return undefined;
      const names = cols.map((c) => c.name);
      if (rng.chance(0.5)) t.uniques.push({ name: freshName(ctx.s, "uq_nnd"), columns: names, nullsNotDistinct: true, inline: false });
      else t.indexes.push({ name: freshName(ctx.s, "ux_nnd"), columns: names.map((name) => ({ name, desc: false })), unique: true, nullsNotDistinct: true });
      return `add unique nulls not distinct on ${t.name}(${names.join(", ")})`;
    },
  },
  {
    name: "add enum column",
    weight: 2,
    apply: (ctx) => {
      const { rng, s } = ctx;
      const t = anyTable(ctx);
      if (!t) return undefined;
      let e = s.enums.length > 0 && rng.chance(0.6) ? rng.pick(s.enums)! : undefined;
      if (!e) {
        e = { name: freshName(s, "en"), values: rng.some(ENUM_VALUES, rng.int(2, 3)) };
        s.enums.push(e);
      }
      const c: FuzzColumn = { name: freshName(s, "c"), type: enumType(e), nullable: rng.chance(0.6), ...(rng.chance(0.4) ? { default: rng.pick(e.values)! } : {}) };
      ctx.born.add(c);
      t.columns.push(c);
      return `add column ${t.name}.${c.name} ${enumType(e)} (${e.values.join(", ")})${c.default !== undefined ? ` default ${JSON.stringify(c.default)}` : ""}`;
    },
  },
  {
    name: "add enum value",
    weight: 1,
    apply: (ctx) => {
      const { rng } = ctx;
      const e = rng.pick(ctx.s.enums);
      const value = e && rng.pick(ENUM_VALUES.filter((v) => !e.values.includes(v)));
      if (!e || !value) return undefined;
      e.values.splice(rng.int(0, e.values.length), 0, value);
      return `enum ${enumType(e)}: (${e.values.join(", ")})`;
    },
  },
  {
    name: "remove or reorder enum values",
    weight: 1,
    apply: (ctx) => {
      const { rng } = ctx;
      const e = rng.pick(ctx.s.enums.filter((x) => x.values.length > 1));
      if (!e) return undefined;
      if (rng.chance(0.5)) e.values.splice(rng.int(0, e.values.length - 1), 1);
      else e.values = rng.some(e.values, e.values.length);
      return `enum ${enumType(e)}: (${e.values.join(", ")})`;
    },
  },
  {
    name: "drop unused enum",
    weight: 1,
    apply: (ctx) => {
      const used = new Set(ctx.s.tables.flatMap((t) => t.columns.map((c) => c.type)));
      const e = ctx.rng.pick(ctx.s.enums.filter((x) => !used.has(enumType(x))));
      if (!e) return undefined;
      ctx.s.enums.splice(ctx.s.enums.indexOf(e), 1);
      return `drop enum ${enumType(e)}`;
    },
  },
  {
    name: "add generated column",
    weight: 2,
    apply: (ctx) => {
      const { rng, s } = ctx;
      const t = anyTable(ctx);
      const base = t && rng.pick(t.columns.filter((c) => !c.generated && ["string", "int"].includes(familyOf(ctx, c))));
      if (!t || !base) return undefined;
      const text = familyOf(ctx, base) === "string";
      const c: FuzzColumn = { name: freshName(s, "g"), type: text ? "text" : "bigint", nullable: true, generated: { column: base.name, expression: text ? "lower({c})" : "({c} * 2)" } };
      ctx.born.add(c);
      t.columns.push(c);
      return `add generated column ${t.name}.${c.name} ${c.type} as ${c.generated!.expression.replaceAll("{c}", base.name)}`;
    },
  },
  {
    name: "change collation",
    weight: 3,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const c = t && rng.pick(t.columns.filter((x) => familyOf(ctx, x) === "string"));
      if (!t || !c) return undefined;
      const collation = rng.pick([undefined, "C", "POSIX"].filter((x) => x !== c.collation));
      if (collation === undefined) delete c.collation;
      else c.collation = collation;
      return `collation of ${t.name}.${c.name}: ${collation ?? "default"}`;
    },
  },
  {
    name: "toggle deferrable",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.foreignKeys.length > 0));
      const fk = t && ctx.rng.pick(t.foreignKeys);
      if (!t || !fk) return undefined;
      if (fk.deferrable) delete fk.deferrable;
      else {
        fk.deferrable = true;
        fk.inline = false;
      }
      return `foreign key ${t.name}(${fk.columns.join(", ")}) ${fk.deferrable ? "deferrable" : "not deferrable"}`;
    },
  },
];
