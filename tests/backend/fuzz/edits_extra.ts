/**
 * Edits added after CI's seeds were chosen, drawn from a random stream of their own (generator.ts) so
 * that those seeds keep their walk until one of these edits changes the schema under it: tables and
 * enums in schemas other than the default one (PostgreSQL; a table is never moved between schemas, a
 * known limit, but it is renamed, altered, indexed and keyed there by the other edits, and foreign keys
 * cross schemas), and the ON UPDATE action of foreign keys, changed on its own or swapped with ON DELETE.
 */
import { ACTIONS, addTable, type Edit, type EditContext } from "./edits.ts";
import { ENUM_VALUES } from "./edits_postgres.ts";
import { enumType, type FuzzColumn, FUZZ_SCHEMAS, freshName, useSchema } from "./state.ts";

const anyForeignKey = (ctx: EditContext) => {
  const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.foreignKeys.length > 0));
  const fk = t && ctx.rng.pick(t.foreignKeys);
  return t && fk ? { t, fk } : undefined;
};

const actionText = (a: string | undefined) => a ?? "default";

export const EXTRA_EDITS: readonly Edit[] = [
  {
    name: "add table in another schema",
    weight: 3,
    needs: "schemas",
    apply: (ctx) => {
      const t = addTable(ctx, useSchema(ctx.s, ctx.rng.pick(FUZZ_SCHEMAS)!));
      return `add table ${t.schema}.${t.name}`;
    },
  },
  {
    name: "add enum column of another schema",
    weight: 1,
    needs: "enumTypes",
    apply: (ctx) => {
      const { rng, s } = ctx;
      const t = rng.pick(s.tables);
      if (!t || !ctx.can.schemas) return undefined;
      let e = rng.chance(0.5) ? rng.pick(s.enums.filter((x) => x.schema !== undefined)) : undefined;
      if (!e) {
        e = { name: freshName(s, "en"), schema: useSchema(s, rng.pick(FUZZ_SCHEMAS)!), values: rng.some(ENUM_VALUES, rng.int(2, 3)) };
        s.enums.push(e);
      }
      const c: FuzzColumn = { name: freshName(s, "c"), type: enumType(e), nullable: rng.chance(0.6), ...(rng.chance(0.4) ? { default: rng.pick(e.values)! } : {}) };
      ctx.born.add(c);
      t.columns.push(c);
      return `add column ${t.schema ? `${t.schema}.` : ""}${t.name}.${c.name} ${c.type} (${e.values.join(", ")})`;
    },
  },
  {
    name: "change on update",
    weight: 3,
    apply: (ctx) => {
      const at = anyForeignKey(ctx);
      if (!at) return undefined;
      const action = ctx.rng.pick(ACTIONS);
      if (action) at.fk.onUpdate = action;
      else delete at.fk.onUpdate;
      return `on update of ${at.t.name}(${at.fk.columns.join(", ")}): ${actionText(action)}`;
    },
  },
  {
    name: "swap on delete and on update",
    weight: 1,
    apply: (ctx) => {
      const at = anyForeignKey(ctx);
      if (!at) return undefined;
      const { onDelete, onUpdate } = at.fk;
      if (onUpdate) at.fk.onDelete = onUpdate;
      else delete at.fk.onDelete;
      if (onDelete) at.fk.onUpdate = onDelete;
      else delete at.fk.onUpdate;
      return `swap actions of ${at.t.name}(${at.fk.columns.join(", ")}): on delete ${actionText(at.fk.onDelete)}, on update ${actionText(at.fk.onUpdate)}`;
    },
  },
];
