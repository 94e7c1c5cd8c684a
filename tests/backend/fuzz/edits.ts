/**
 * The random edits of a declared schema, each a valid declaration on its own terms; what an edit leaves
 * invalid elsewhere (a foreign key to a dropped column, a CHECK on a column now keyed with ON DELETE
 * CASCADE) is mended after the step by repair.ts, so each edit stays small. An edit returns what it did,
 * or undefined when the schema offers it nothing to do (no table yet).
 */
import type { Capabilities } from "../../../src/dialects/dialect.ts";
import type { ReferentialAction } from "../../../src/operations/ops.ts";
import type { Rng } from "./random.ts";
import { type FuzzColumn, type FuzzSchema, type FuzzTable, findColumn, findTable, freshName, renameColumn, renameTable } from "./state.ts";
import type { TypePools } from "./types.ts";

export interface EditContext {
  readonly s: FuzzSchema;
  readonly rng: Rng;
  readonly types: TypePools;
  readonly can: Capabilities;
  /** Tables and columns made or renamed in this step: never renamed again in it (a hint names what the database has). */
  readonly born: Set<FuzzTable | FuzzColumn>;
}

export interface Edit {
  readonly name: string;
  /** How often it is drawn, relative to the others. */
  readonly weight: number;
  readonly needs?: keyof Capabilities;
  /** The databases it is not drawn on. */
  readonly notOn?: readonly string[];
  apply(ctx: EditContext): string | undefined;
}

export const ACTIONS: readonly (ReferentialAction | undefined)[] = [undefined, "cascade", "set null", "restrict", "no action"];

function newColumn(ctx: EditContext, type?: string): FuzzColumn {
  const { rng, types } = ctx;
  const family = type === undefined ? rng.pick(types.families)! : types.familyOf(type);
  const c: FuzzColumn = { name: freshName(ctx.s, "c"), type: type ?? family.random(rng), nullable: type !== undefined || rng.chance(0.6) };
  if (type === undefined && types.defaultable(c.type) && rng.chance(0.3)) {
    const d = family.randomDefault(rng);
    if (d !== undefined) c.default = d;
  }
  if (ctx.can.comments && rng.chance(0.1)) c.comment = randomComment(rng);
  ctx.born.add(c);
  return c;
}

const randomComment = (rng: Rng) => rng.pick(["who signs in", "it's counted", "total, in cents", "x"])!;

const anyTable = (ctx: EditContext) => ctx.rng.pick(ctx.s.tables);
const pickColumn = (ctx: EditContext, t: FuzzTable, ok: (c: FuzzColumn) => boolean = () => true) => ctx.rng.pick(t.columns.filter(ok));
const keyable = (ctx: EditContext) => (c: FuzzColumn) => ctx.types.keyable(c.type);

/** Every (table, column) joined to this one by foreign keys, either way: a type change moves them together. */
function keyGroup(s: FuzzSchema, table: FuzzTable, column: string): [FuzzTable, FuzzColumn][] {
  const seen = new Map<string, [FuzzTable, FuzzColumn]>();
  const visit = (t: FuzzTable, c: string) => {
    const key = `${t.name}.${c}`;
    const col = findColumn(t, c);
    if (seen.has(key) || !col) return;
    seen.set(key, [t, col]);
    for (const fk of t.foreignKeys) {
      const i = fk.columns.indexOf(c);
      const ref = findTable(s, fk.refTable);
      if (i >= 0 && ref) visit(ref, fk.refColumns[i]!);
    }
    for (const other of s.tables) {
      for (const fk of other.foreignKeys) {
        const i = fk.refTable === t.name ? fk.refColumns.indexOf(c) : -1;
        if (i >= 0) visit(other, fk.columns[i]!);
      }
    }
  };
  visit(table, column);
  return [...seen.values()];
}

/** A column is in an index, a key or a foreign key. */
function isKeyed(s: FuzzSchema, t: FuzzTable, c: string): boolean {
  return (
    t.primaryKey.includes(c) ||
    t.indexes.some((i) => i.columns.some((k) => k.name === c)) ||
    t.uniques.some((u) => u.columns.includes(c)) ||
    t.foreignKeys.some((f) => f.columns.includes(c)) ||
    s.tables.some((o) => o.foreignKeys.some((f) => f.refTable === t.name && f.refColumns.includes(c)))
  );
}

/** A new table of a few columns, perhaps with a primary key (of one column or two); in `schema` if given. */
export function addTable(ctx: EditContext, schema?: string): FuzzTable {
  const { rng } = ctx;
  const t: FuzzTable = { name: freshName(ctx.s, "t"), ...(schema !== undefined ? { schema } : {}), columns: [], primaryKey: [], primaryKeyInline: rng.chance(0.5), indexes: [], uniques: [], checks: [], foreignKeys: [] };
  const shape = rng.next();
  if (shape < 0.6) {
    const id: FuzzColumn = { name: freshName(ctx.s, "id"), type: rng.pick(["integer", "bigint"])!, nullable: false, ...(rng.chance(0.5) ? { autoincrement: true } : {}) };
    ctx.born.add(id);
    t.columns.push(id);
    t.primaryKey = [id.name];
  } else if (shape < 0.8) {
    for (let i = 0; i < 2; i++) {
      let c = newColumn(ctx);
      while (!ctx.types.keyable(c.type)) c = newColumn(ctx);
      c.nullable = false;
      t.columns.push(c);
      t.primaryKey.push(c.name);
    }
  }
  for (let i = rng.int(t.columns.length === 0 ? 1 : 0, 3); i > 0; i--) t.columns.push(newColumn(ctx));
  if (ctx.can.comments && rng.chance(0.15)) t.comment = randomComment(rng);
  ctx.born.add(t);
  ctx.s.tables.push(t);
  return t;
}

export const EDITS: readonly Edit[] = [
  {
    name: "add table",
    weight: 4,
    apply: (ctx) => `add table ${addTable(ctx).name}`,
  },
  {
    name: "drop table",
    weight: 1,
    apply: (ctx) => {
      // The last table stays: a step that leaves nothing to do writes no revision, and the first step must write one.
      const t = ctx.s.tables.length > 1 ? anyTable(ctx) : undefined;
      if (!t) return undefined;
      ctx.s.tables.splice(ctx.s.tables.indexOf(t), 1);
      return `drop table ${t.name}`;
    },
  },
  {
    name: "rename table",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => !ctx.born.has(x)));
      if (!t) return undefined;
      const from = t.name;
      renameTable(ctx.s, t, freshName(ctx.s, "t"));
      t.renamedFrom = from;
      ctx.born.add(t);
      return `rename table ${from} to ${t.name}`;
    },
  },
  {
    name: "add column",
    weight: 4,
    apply: (ctx) => {
      const t = anyTable(ctx);
      if (!t) return undefined;
      const c = newColumn(ctx);
      t.columns.push(c);
      return `add column ${t.name}.${c.name} ${c.type}${c.nullable ? "" : " not null"}${c.default !== undefined ? ` default ${JSON.stringify(c.default)}` : ""}`;
    },
  },
  {
    name: "drop column",
    weight: 2,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.columns.length > 1));
      const c = t && pickColumn(ctx, t);
      if (!t || !c) return undefined;
      t.columns.splice(t.columns.indexOf(c), 1);
      return `drop column ${t.name}.${c.name}`;
    },
  },
  {
    name: "rename column",
    weight: 2,
    apply: (ctx) => {
      const t = anyTable(ctx);
      const c = t && pickColumn(ctx, t, (x) => !ctx.born.has(x));
      if (!t || !c) return undefined;
      const from = c.name;
      renameColumn(ctx.s, t, from, freshName(ctx.s, "c"));
      c.renamedFrom = from;
      ctx.born.add(c);
      return `rename column ${t.name}.${from} to ${c.name}`;
    },
  },
  {
    name: "change type",
    weight: 3,
    apply: (ctx) => {
      const t = anyTable(ctx);
      const c = t && pickColumn(ctx, t);
      if (!t || !c) return undefined;
      const family = ctx.types.familyOf(c.type);
      let type = family.random(ctx.rng);
      for (let i = 0; i < 5 && type === c.type; i++) type = family.random(ctx.rng);
      // An enum type's family has no other type.
      if (type === c.type || !family.has(type)) return undefined;
      const group = keyGroup(ctx.s, t, c.name);
      if (!ctx.types.keyable(type) && group.some(([gt, gc]) => isKeyed(ctx.s, gt, gc.name))) return undefined;
      for (const [, gc] of group) gc.type = type;
      return `change type of ${group.map(([gt, gc]) => `${gt.name}.${gc.name}`).join(", ")} to ${type}`;
    },
  },
  {
    name: "toggle nullable",
    weight: 2,
    apply: (ctx) => {
      const t = anyTable(ctx);
      const c = t && pickColumn(ctx, t, (x) => !t.primaryKey.includes(x.name));
      if (!t || !c) return undefined;
      c.nullable = !c.nullable;
      return `${t.name}.${c.name} ${c.nullable ? "nullable" : "not null"}`;
    },
  },
  {
    name: "change default",
    weight: 2,
    apply: (ctx) => {
      const t = anyTable(ctx);
      const c = t && pickColumn(ctx, t, (x) => !x.autoincrement && ctx.types.defaultable(x.type));
      if (!t || !c) return undefined;
      const d = c.default !== undefined && ctx.rng.chance(0.35) ? undefined : ctx.types.familyOf(c.type).randomDefault(ctx.rng);
      if (d === undefined) delete c.default;
      else c.default = d;
      return `default of ${t.name}.${c.name}: ${JSON.stringify(d ?? null)}`;
    },
  },
  {
    name: "add index",
    weight: 3,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const cols = t ? rng.some(t.columns.filter(keyable(ctx)), rng.int(1, 3)) : [];
      if (!t || cols.length === 0) return undefined;
      const unique = rng.chance(0.3);
      t.indexes.push({ ...(rng.chance(0.3) ? { name: freshName(ctx.s, unique ? "ux_fz" : "ix_fz") } : {}), columns: cols.map((c) => ({ name: c.name, desc: rng.chance(0.3) })), unique });
      return `add ${unique ? "unique " : ""}index on ${t.name}(${t.indexes.at(-1)!.columns.map((k) => k.name + (k.desc ? " desc" : "")).join(", ")})`;
    },
  },
  {
    name: "drop index",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.indexes.length > 0));
      if (!t) return undefined;
      const [i] = t.indexes.splice(ctx.rng.int(0, t.indexes.length - 1), 1);
      return `drop index on ${t.name}(${i!.columns.map((k) => k.name).join(", ")})`;
    },
  },
  {
    name: "add unique constraint",
    weight: 2,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const cols = t ? rng.some(t.columns.filter(keyable(ctx)), rng.int(1, 2)) : [];
      if (!t || cols.length === 0) return undefined;
      const name = rng.chance(0.3) ? freshName(ctx.s, "uq_fz") : undefined;
      t.uniques.push({ ...(name ? { name } : {}), columns: cols.map((c) => c.name), inline: !name && cols.length === 1 && rng.chance(0.4) });
      return `add unique on ${t.name}(${cols.map((c) => c.name).join(", ")})`;
    },
  },
  {
    name: "drop unique constraint",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.uniques.length > 0));
      if (!t) return undefined;
      const [u] = t.uniques.splice(ctx.rng.int(0, t.uniques.length - 1), 1);
      return `drop unique on ${t.name}(${u!.columns.join(", ")})`;
    },
  },
  {
    name: "add check",
    weight: 2,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const c = t && pickColumn(ctx, t, (x) => ctx.types.familyOf(x.type).checks.length > 0);
      if (!t || !c) return undefined;
      const name = rng.chance(0.3) ? freshName(ctx.s, "ck_fz") : undefined;
      const condition = rng.pick(ctx.types.familyOf(c.type).checks)!;
      t.checks.push({ ...(name ? { name } : {}), column: c.name, condition, inline: !name && rng.chance(0.4) });
      return `add check ${condition.replaceAll("{c}", c.name)} on ${t.name}`;
    },
  },
  {
    name: "drop check",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.checks.length > 0));
      if (!t) return undefined;
      const [k] = t.checks.splice(ctx.rng.int(0, t.checks.length - 1), 1);
      return `drop check on ${t.name}.${k!.column}`;
    },
  },
  {
    name: "add foreign key",
    weight: 3,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      const ref = anyTable(ctx);
      if (!t || !ref) return undefined;
      const targets = [
        ...(ref.primaryKey.length > 0 ? [ref.primaryKey] : []),
        ...ref.uniques.filter((u) => u.columns.length === 1).map((u) => u.columns),
        ...ref.indexes.filter((i) => i.unique && !i.where && i.columns.length === 1 && !i.columns[0]!.expression).map((i) => i.columns.map((k) => k.name)),
      ];
      // A column this step dropped may still be in a key until repair: such a key is no target.
      const refColumns = rng.pick(targets.filter((cols) => cols.every((c) => findColumn(ref, c) !== undefined)));
      if (!refColumns) return undefined;
      const columns: string[] = [];
      for (const r of refColumns) {
        const type = findColumn(ref, r)!.type;
        const same = pickColumn(ctx, t, (c) => c.type === type && !c.autoincrement && !columns.includes(c.name) && !(t === ref && refColumns.includes(c.name)));
        if (same && rng.chance(0.6)) columns.push(same.name);
        else {
          const c = newColumn(ctx, type);
          t.columns.push(c);
          columns.push(c.name);
        }
      }
      const name = rng.chance(0.2) ? freshName(ctx.s, "fk_fz") : undefined;
      const onDelete = rng.pick(ACTIONS);
      t.foreignKeys.push({ ...(name ? { name } : {}), columns, refTable: ref.name, refColumns: [...refColumns], ...(onDelete ? { onDelete } : {}), inline: !name && columns.length === 1 && rng.chance(0.4) });
      return `add foreign key ${t.name}(${columns.join(", ")}) -> ${ref.name}(${refColumns.join(", ")})${onDelete ? ` on delete ${onDelete}` : ""}`;
    },
  },
  {
    name: "drop foreign key",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.foreignKeys.length > 0));
      if (!t) return undefined;
      const [fk] = t.foreignKeys.splice(ctx.rng.int(0, t.foreignKeys.length - 1), 1);
      return `drop foreign key ${t.name}(${fk!.columns.join(", ")})`;
    },
  },
  {
    name: "change on delete",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.foreignKeys.length > 0));
      const fk = t && ctx.rng.pick(t.foreignKeys);
      if (!t || !fk) return undefined;
      const action = ctx.rng.pick(ACTIONS);
      if (action) fk.onDelete = action;
      else delete fk.onDelete;
      return `on delete of ${t.name}(${fk.columns.join(", ")}): ${action ?? "default"}`;
    },
  },
  {
    name: "change primary key",
    weight: 2,
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      if (!t) return undefined;
      if (t.primaryKey.length > 0 && rng.chance(0.25)) {
        t.primaryKey = [];
        return `drop primary key of ${t.name}`;
      }
      const cols = rng.some(t.columns.filter(keyable(ctx)), rng.int(1, 2));
      if (cols.length === 0) return undefined;
      for (const c of cols) c.nullable = false;
      t.primaryKey = cols.map((c) => c.name);
      t.primaryKeyInline = rng.chance(0.5);
      return `primary key of ${t.name}: (${t.primaryKey.join(", ")})`;
    },
  },
  {
    name: "toggle autoincrement",
    weight: 1,
    apply: (ctx) => {
      const t = ctx.rng.pick(ctx.s.tables.filter((x) => x.primaryKey.length === 1));
      const c = t && findColumn(t, t.primaryKey[0]!);
      if (!t || !c || !ctx.types.familyOf(c.type).counts) return undefined;
      if (c.autoincrement) delete c.autoincrement;
      else {
        c.autoincrement = true;
        delete c.default;
      }
      return `${t.name}.${c.name} ${c.autoincrement ? "autoincrement" : "no autoincrement"}`;
    },
  },
  {
    name: "change comment",
    weight: 1,
    needs: "comments",
    apply: (ctx) => {
      const { rng } = ctx;
      const t = anyTable(ctx);
      if (!t) return undefined;
      // A table left without columns (PostgreSQL has such tables) takes the comment itself.
      const target: { comment?: string } = rng.chance(0.4) || t.columns.length === 0 ? t : rng.pick(t.columns)!;
      const comment = target.comment !== undefined && rng.chance(0.4) ? undefined : randomComment(rng);
      if (comment === undefined) delete target.comment;
      else target.comment = comment;
      return `comment on ${target === t ? t.name : `${t.name}.${(target as FuzzColumn).name}`}: ${JSON.stringify(comment ?? null)}`;
    },
  },
];
