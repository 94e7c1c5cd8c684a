/**
 * Views, in a random stream of their own (generator.ts), so that the walks of seeds chosen before views
 * keep their tables: a view of 1 to 3 columns of a table, or of an earlier view, sometimes with a condition
 * on a column (`IS NOT NULL` or a CHECK condition of its family); its columns or condition changed; dropped;
 * on PostgreSQL and MySQL, its check option set or changed (the views are simple SELECTs of columns from one
 * table or view, so updatable, as a check option needs); on PostgreSQL, a materialized view added, or a view
 * made materialized or plain again (no check option on one, nor on a view that reads one: not updatable).
 * What other edits leave a view reading that is gone is mended by repair_views.ts.
 */
import type { Edit, EditContext } from "./edits.ts";
import { baseColumn, outputsOf, whereConditions } from "./repair_views.ts";
import { type FuzzSchema, type FuzzView, findView, viewQuery } from "./state.ts";

const someColumns = (ctx: EditContext, outputs: readonly string[]) => ctx.rng.some(outputs, ctx.rng.int(1, Math.min(3, outputs.length)));

/** A condition on a random column of `source`; undefined when it has none. */
function randomWhere(ctx: EditContext, source: string): FuzzView["where"] {
  const column = ctx.rng.pick(outputsOf(ctx.s, source) ?? []);
  const c = column === undefined ? undefined : baseColumn(ctx.s, source, column);
  return column !== undefined && c ? { column, condition: ctx.rng.pick(whereConditions(ctx.types, c))! } : undefined;
}

const shown = (ctx: EditContext, v: FuzzView) => `${v.materialized ? "materialized " : ""}${v.name} as ${viewQuery(ctx.s, v)}${v.checkOption ? ` with ${v.checkOption} check option` : ""}`;

/** Whether the view is materialized or reads one, through the views it reads: then it can have no check option. */
function materializedUnder(s: FuzzSchema, v: FuzzView | undefined, seen = new Set<string>()): boolean {
  if (!v || seen.has(v.name)) return false;
  seen.add(v.name);
  return !!v.materialized || materializedUnder(s, findView(s, v.from), seen);
}

/** The views that read `v`, through other views. */
function readersOf(s: FuzzSchema, v: FuzzView): FuzzView[] {
  const out: FuzzView[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const w of s.views) {
      if (out.includes(w) || (w.from !== v.name && !out.some((r) => r.name === w.from))) continue;
      out.push(w);
      grew = true;
    }
  }
  return out;
}

const CHECK_OPTIONS = [undefined, "local", "cascaded"] as const;

/** The view edits on `dialect`: check options on PostgreSQL and MySQL only (SQLite has none). */
export const viewEdits = (dialect: string): readonly Edit[] => VIEW_EDITS.filter((e) => !e.notOn?.includes(dialect)).map((e) => (e.name === "add view" && dialect !== "sqlite" ? withCheckOption(e) : e));

/** The edit, and a check option on the view it added, sometimes. */
const withCheckOption = (e: Edit): Edit => ({
  ...e,
  apply: (ctx) => {
    const did = e.apply(ctx);
    const v = ctx.s.views.at(-1);
    if (did === undefined || !v || materializedUnder(ctx.s, v) || !ctx.rng.chance(0.25)) return did;
    v.checkOption = ctx.rng.pick(CHECK_OPTIONS.slice(1))!;
    return `${did} with ${v.checkOption} check option`;
  },
});

/** A view of an earlier view (sometimes) or of a table that has columns (PostgreSQL has tables without), sometimes with a condition. */
function addView(ctx: EditContext, materialized: boolean): string | undefined {
  const { rng, s } = ctx;
  const over = rng.chance(0.3) ? rng.pick(s.views) : undefined;
  const from = over?.name ?? rng.pick(s.tables.filter((t) => t.columns.length > 0))?.name;
  const outputs = from === undefined ? [] : (outputsOf(s, from) ?? []);
  if (from === undefined || outputs.length === 0) return undefined;
  const v: FuzzView = { name: `v${++s.viewCounter}`, from, columns: someColumns(ctx, outputs), ...(materialized ? { materialized: true } : {}) };
  const where = rng.chance(0.4) ? randomWhere(ctx, from) : undefined;
  if (where) v.where = where;
  s.views.push(v);
  return `add view ${shown(ctx, v)}`;
}

const VIEW_EDITS: readonly Edit[] = [
  {
    name: "add view",
    weight: 4,
    apply: (ctx) => addView(ctx, false),
  },
  {
    name: "change view columns",
    weight: 2,
    apply: (ctx) => {
      const v = ctx.rng.pick(ctx.s.views);
      const outputs = v && outputsOf(ctx.s, v.from);
      if (!v || !outputs) return undefined;
      const columns = someColumns(ctx, outputs);
      if (columns.join() === v.columns.join()) return undefined;
      v.columns = columns;
      return `change view ${shown(ctx, v)}`;
    },
  },
  {
    name: "change view condition",
    weight: 2,
    apply: (ctx) => {
      const v = ctx.rng.pick(ctx.s.views);
      if (!v) return undefined;
      const where = v.where && ctx.rng.chance(0.5) ? undefined : randomWhere(ctx, v.from);
      if (where) v.where = where;
      else if (v.where) delete v.where;
      else return undefined;
      return `change view ${shown(ctx, v)}`;
    },
  },
  {
    name: "drop view",
    weight: 1,
    apply: (ctx) => {
      const v = ctx.rng.pick(ctx.s.views);
      if (!v) return undefined;
      // Its readers go with it (repair_views.ts).
      ctx.s.views.splice(ctx.s.views.indexOf(v), 1);
      return `drop view ${v.name}`;
    },
  },
  {
    name: "change view check option",
    weight: 2,
    notOn: ["sqlite"],
    apply: (ctx) => {
      const v = ctx.rng.pick(ctx.s.views);
      if (!v || materializedUnder(ctx.s, v)) return undefined;
      const option = ctx.rng.pick(CHECK_OPTIONS);
      if (option === v.checkOption) return undefined;
      if (option) v.checkOption = option;
      else delete v.checkOption;
      return `change view ${shown(ctx, v)}`;
    },
  },
  {
    name: "add materialized view",
    weight: 1,
    notOn: ["sqlite", "mysql"],
    apply: (ctx) => addView(ctx, true),
  },
  {
    name: "view made materialized or plain",
    weight: 1,
    notOn: ["sqlite", "mysql"],
    apply: (ctx) => {
      const v = ctx.rng.pick(ctx.s.views);
      if (!v) return undefined;
      if (v.materialized) delete v.materialized;
      else {
        // Not under a check option: its own, or that of a view that reads it.
        if (v.checkOption || readersOf(ctx.s, v).some((r) => r.checkOption)) return undefined;
        v.materialized = true;
      }
      return `change view ${shown(ctx, v)}`;
    },
  },
];
