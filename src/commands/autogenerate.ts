/**
 * `migrator revision --autogenerate` and `migrator check`: compare the declared schema with what the
 * database has (online: the live database, which must be at the heads; offline: the revision history
 * replayed) and turn the difference into ops, a revision file, or a verdict for CI.
 */
import { spawnSync } from "node:child_process";
import { reportBound, touchedColumns, touchesColumns } from "../autogenerate/bound_columns.ts";
import type { Change, RenameCandidate } from "../autogenerate/change.ts";
import { compare } from "../autogenerate/compare.ts";
import { declaredModel, type RenameHints } from "../autogenerate/declared.ts";
import { checkDeclaredNames } from "../autogenerate/declared_names.ts";
import { checkDeclaredSupport } from "../autogenerate/declared_support.ts";
import { liveFigure } from "../autogenerate/figures.ts";
import { historyModel } from "../autogenerate/history.ts";
import { referencedKey, tableKey } from "../autogenerate/keys_of.ts";
import { loadSchema, schemaPath } from "../autogenerate/load_schema.ts";
import { lostColumnWarnings } from "../autogenerate/lost_columns.ts";
import { serverForm } from "../autogenerate/materialize.ts";
import { asWrittenBy, portableNormalizer, serverNormalizer } from "../autogenerate/normalize.ts";
import { renderBody } from "../autogenerate/render.ts";
import { relationsOf } from "../schema/view_reads.ts";
import type { SchemaHooks } from "../autogenerate/declare.ts";
import type { Dialect } from "../dialects/dialect.ts";
import { ConfigError, RevisionError, UsageError } from "../errors.ts";
import type { ColumnDef, Op, TableRef } from "../operations/ops.ts";
import { reverse } from "../operations/reverse.ts";
import { isBookkeepingTable, readHeads, resolveTarget, withSession } from "../runtime/session.ts";
import type { DatabaseModel } from "../schema/model.ts";
import { SchemaTracker } from "../schema/tracker.ts";
import { withWrittenType } from "../schema/written_type.ts";
import { upgradePlan } from "../script/plan.ts";
import type { Revision } from "../script/revision.ts";
import type { CommandOptions } from "./options.ts";
import { revision, type RevisionOptions } from "./revision.ts";
import { loadGraph } from "./script.ts";

export interface CompareOptions extends CommandOptions {
  /** The schema module (`--schema`); default: `target_schema` in the config. */
  readonly schema?: string;
  /** Folder `--schema` is relative to (the working folder). */
  readonly cwd?: string;
  /** Compare with the revision history instead of a live database. */
  readonly offline?: boolean;
  /** Rename hints: "old=new" for a table, "table.old=new" for a column. */
  readonly renames?: readonly string[];
  /** Asked for each drop-and-add that may be a rename (a terminal prompt); none: the hints decide. */
  readonly askRename?: (candidate: RenameCandidate) => Promise<boolean>;
}

export interface SchemaDiff {
  /** The changes, in the order they run; empty when the database matches the schema. */
  readonly changes: readonly Change[];
  readonly warnings: readonly string[];
  /** Differences no op is written for: `check` fails on them too. */
  readonly unresolved: readonly string[];
  /** Live figures for destructive and data-dependent changes (online only), by change. */
  readonly figures: ReadonlyMap<Change, string>;
  readonly offline: boolean;
  /** Objects the database has that the schema language cannot express (views, triggers, functions): left alone. */
  readonly unmanaged: readonly string[];
  /** The SQL of the changes, for `check --sql`. */
  sql(): Promise<string>;
  /** Whether a type change can take a `using` expression here (Capabilities.alterColumnUsing): the revision then says where it goes. */
  readonly alterColumnUsing: boolean;
}

/** Compare the declared schema with the database (or the history, offline). */
export async function diffSchema(options: CompareOptions): Promise<SchemaDiff> {
  const { config } = options;
  const loaded = await loadSchema(schemaPath(config, options.schema, options.cwd ?? process.cwd()));
  // Offline, the dialect of the server named by server_version; online, the server's own (session.dialect).
  const { dialect, versionTable: _ } = await resolveTarget(config, options.offline === true);
  const declared = declaredModel(loaded.schema, dialect.capabilities.maxIdentifierLength);
  checkDeclaredSupport(loaded.schema, dialect.capabilities, dialect.name);
  checkDeclaredNames(declared.model, { maxBytes: dialect.capabilities.maxIdentifierLength, dialect: dialect.name });
  const graph = await loadGraph(config);
  const include = filter(config.options, loaded.hooks);
  let renames = withCliRenames(declared.renames, options.renames ?? []);
  // Offline, types are compared as the dialect writes them, as online (where the server has only that).
  const offlineNorm = asWrittenBy(portableNormalizer, (type) => dialect.columnType(type));

  const run = async (from: DatabaseModel, to: DatabaseModel, online: boolean, final = true, capabilities = dialect.capabilities) => {
    const shown = include(from);
    const hiddenViews = (from.views ?? []).filter((v) => !(shown.views ?? []).includes(v));
    const input = { from: shown, to: include(to), portable: include(declared.model), conventionNames: declared.conventionNames, norm: online ? serverNormalizer : offlineNorm, capabilities, managesViews: declared.managesViews, hiddenViews, quoteSyntax: dialect.quoteSyntax };
    checkCliRenames(options.renames ?? [], input.from, input.to);
    let result = compare({ ...input, renames });
    if (final && options.askRename && result.candidates.length > 0) {
      const accepted: string[] = [];
      const taken = new Set<string>();
      for (const c of result.candidates) {
        // Once a column (or table) is paired, it is not offered again.
        const from = `${c.kind}:${c.table}.${c.from}`;
        const to = `${c.kind}:${c.table}>${c.to}`;
        if (taken.has(from) || taken.has(to) || !(await options.askRename(c))) continue;
        taken.add(from).add(to);
        accepted.push(c.kind === "table" ? `${c.from}=${c.to}` : `${c.table}.${c.from}=${c.to}`);
      }
      if (accepted.length > 0) {
        renames = withCliRenames(renames, accepted);
        result = compare({ ...input, renames });
      }
    }
    return result;
  };

  if (options.offline) {
    if (!config.url) {
      throw new ConfigError(`--offline still needs the dialect: pass --url with the scheme alone (e.g. --url postgresql://, --url mysql://, --url sqlite://), or set url / DATABASE_URL`);
    }
    const versionSchema = config.versionTableSchema !== null ? [config.versionTableSchema] : [];
    const history = await historyModel(graph, dialect, { x: options.x ?? {}, config: config.options }, versionSchema);
    const result = await run(withColumnTypes(history.model, dialect), withColumnTypes(declared.model, dialect), false);
    const changes = processOps(result.changes, loaded.hooks);
    return { changes, warnings: [...history.warnings, ...result.warnings], unresolved: result.unresolved, figures: new Map(), offline: true, unmanaged: [], sql: () => compileScript(dialect, history.model, changes), alterColumnUsing: dialect.capabilities.alterColumnUsing };
  }

  return withSession(config, async (session) => {
    const heads = await readHeads(session);
    const pending = upgradePlan(graph, heads.filter((h) => graph.has(h)), "heads");
    if (pending.length > 0 || heads.some((h) => !graph.has(h))) {
      throw new RevisionError(
        `The database is not at the heads (${pending.length} revision(s) not applied${heads.some((h) => !graph.has(h)) ? ", or at a revision this project lacks" : ""}): ` +
          `run "migrator upgrade heads" first, or compare with the history alone with --offline`,
      );
    }
    const skipTable = isBookkeepingTable(config);
    const live = await session.dialect.reflect(session.conn, { schemas: declared.model.schemas, skipTable });
    // The declared tables as written already match most live ones; only those that seem to differ, and
    // new ones with SQL the server interprets, are created in the scratch to be compared in its words.
    // The tables left out of the scratch keep their types as the dialect writes them (MySQL's timestamp is
    // DATETIME(6)), to the end: a portable name would be a difference with the server's.
    const written = inDialectTypes(declared.model, session.dialect);
    // What this server's version can do (PostgreSQL 17's SET EXPRESSION...), not the oldest supported one's.
    const capabilities = session.dialect.capabilities;
    const first = await run(live, written, true, false, capabilities);
    // A declared view that seems to differ is made in the scratch too, with the declared tables and views it names.
    const views = viewsToNormalize(first.changes, declared.model);
    const suspects = tablesToNormalize(first.changes, declared.model, session.dialect, tablesReadBy(views, declared.model));
    const target = suspects.size === 0 && views.size === 0 ? written : withTables(written, await serverForm(session.dialect, session.conn, withLiveTablesReadBy(views, only(declared.model, suspects, views), declared.model, live)));
    const result = suspects.size === 0 && views.size === 0 && !options.askRename ? first : await run(live, target, true, true, capabilities);
    const changes = processOps(result.changes, loaded.hooks);
    const unresolved = [...result.unresolved];
    const warnings = [...result.warnings];
    // What the server binds to the changed columns (views...), read only when a change may need it.
    const viewsOver = session.dialect.capabilities.viewsBindColumns ? session.dialect.viewsOver : undefined;
    if (viewsOver && touchesColumns(changes)) {
      // Views the revision drops itself (declared ones it makes again, or drops) are not in the way.
      const dropped = new Set(changes.flatMap((c) => (c.op.kind === "dropView" ? [tableKey(c.op)] : [])));
      const mine = (at: TableRef) => dropped.has(tableKey(at));
      for (const t of touchedColumns(changes, live)) {
        const over = await viewsOver(session.conn, [t]);
        reportBound(t, { ...over, views: over.views.filter((v) => !mine(v)), blockers: over.blockers.filter((b) => !(b.onlyMaterialized && mine(b.at))) }, unresolved, warnings);
      }
    }
    const lost = session.dialect.lostWithColumn;
    if (lost) warnings.push(...(await lostColumnWarnings(changes, (table, column) => lost(session.conn, table, column))));
    const figures = new Map<Change, string>();
    for (const c of changes) {
      if (c.safety === "additive") continue;
      const figure = await liveFigure(session.conn, session.dialect, c.op);
      if (figure) figures.set(c, figure);
    }
    // Views the schema manages are compared, not merely listed; those its filters leave out are still listed.
    const compared = new Set((include(live).views ?? []).map((v) => `${v.materialized ? "materialized view" : "view"} ${v.schema ? `${v.schema}.` : ""}${v.name}`));
    const unmanaged = (live.unmanaged ?? []).filter((u) => !(declared.managesViews && compared.has(u)));
    return { changes, warnings, unresolved, figures, offline: false, unmanaged, sql: () => compileScript(session.dialect, live, changes), alterColumnUsing: capabilities.alterColumnUsing };
  }, options.onWait);
}

/**
 * The declared tables worth creating in the scratch: those the first comparison found different (the
 * difference may be only the server's way of writing a type or an expression), new tables whose SQL
 * the server interprets (CHECKs, index expressions, predicates and options, expression defaults,
 * generation expressions, collations) or with a type the dialect refuses (refused there before any file
 * is written), and every declared table these reference, so their keys can be made.
 */
function tablesToNormalize(changes: readonly Change[], declared: DatabaseModel, dialect: Dialect, seeds: ReadonlySet<string> = new Set()): Set<string> {
  const keys = new Set<string>(seeds);
  const byKey = new Map(declared.tables.map((t) => [tableKey(t.table), t]));
  const created = new Set(changes.flatMap((c) => (c.op.kind === "createTable" ? [tableKey(c.op.table)] : [])));
  for (const c of changes) {
    const ops = c.op.kind === "batchAlterTable" ? [c.op, ...c.op.ops] : [c.op];
    for (const op of ops) {
      if (op.kind === "dropTable" || op.kind === "dropIndex" && op.table === undefined) continue;
      const ref = "table" in op ? op.table : undefined;
      if (!ref) continue;
      const key = tableKey(op.kind === "renameTable" ? { ...ref, name: op.newName } : ref);
      const t = byKey.get(key);
      if (!t) continue;
      if (created.has(key) ? interpretsSql(t, dialect) : true) keys.add(key);
    }
  }
  const pending = [...keys];
  while (pending.length > 0) {
    const t = byKey.get(pending.pop()!)!;
    for (const fk of t.foreignKeys) {
      const ref = referencedKey(t.table, fk, (k) => byKey.has(k));
      if (byKey.has(ref) && !keys.has(ref)) {
        keys.add(ref);
        pending.push(ref);
      }
    }
  }
  return keys;
}

function interpretsSql(t: DatabaseModel["tables"][number], dialect: Dialect): boolean {
  return (
    t.checks.length > 0 ||
    // An index method, INCLUDE and NULLS NOT DISTINCT are options a dialect may not have (MySQL: gin, include).
    t.indexes.some((ix) => ix.where !== undefined || ix.columns.some((c) => typeof c !== "string") || ix.method !== undefined || ix.include !== undefined || ix.nullsNotDistinct) ||
    t.columns.some((c) => typeof c.type !== "string" || (typeof c.default === "object" && c.default !== null && !PLAIN_DEFAULT.test(c.default.sql.trim()))) ||
    t.columns.some((c) => c.generated !== undefined || c.collation !== undefined || refusesType(dialect, c.type))
  );
}

/** A type the dialect has no name for (interval on MySQL): the scratch reports it naming the table. */
function refusesType(dialect: Dialect, type: DatabaseModel["tables"][number]["columns"][number]["type"]): boolean {
  try {
    dialect.columnType(type);
    return false;
  } catch {
    return true;
  }
}

/** Default expressions every server takes as they are: nothing to check in the scratch. */
const PLAIN_DEFAULT = /^\(?\s*(current_timestamp|current_date|current_time|localtimestamp|now\(\)|true|false|null|-?\d+(\.\d+)?)\s*\)?$/i;

/** The declared tables with their columns' types as the dialect writes them, for the first, cheap comparison. */
function inDialectTypes(model: DatabaseModel, dialect: Dialect): DatabaseModel {
  return {
    ...model,
    tables: model.tables.map((t) => ({
      ...t,
      columns: t.columns.map((c) => {
        try {
          return { ...c, type: { raw: dialect.columnType(c.type) } };
        } catch {
          return c; // a type the dialect refuses: the scratch says so, naming the table
        }
      }),
    })),
  };
}

/**
 * Offline, the columns whose type the dialect writes otherwise for that column (SQLite: an autoincrementing
 * key is INTEGER, declared bigint or not) with the type as written, on both sides, as online the server has
 * only that; other types are compared as written through the offline normalizer (asWrittenBy).
 */
function withColumnTypes(model: DatabaseModel, dialect: Dialect): DatabaseModel {
  const written = (c: ColumnDef): ColumnDef => withWrittenType(c, (type, column) => dialect.columnType(type, column));
  return { ...model, tables: model.tables.map((t) => (t.columns.some((c) => written(c) !== c) ? { ...t, columns: t.columns.map(written) } : t)) };
}

function only(model: DatabaseModel, keys: ReadonlySet<string>, views: ReadonlySet<string> = new Set()): DatabaseModel {
  const { views: all = [], ...rest } = model;
  const kept = all.filter((v) => views.has(tableKey(v)));
  return { ...rest, tables: model.tables.filter((t) => keys.has(tableKey(t.table))), ...(kept.length > 0 ? { views: kept } : {}) };
}

/** The declared model with some tables and views replaced by their server form. */
function withTables(model: DatabaseModel, server: DatabaseModel): DatabaseModel {
  const replaced = new Map(server.tables.map((t) => [tableKey(t.table), t]));
  const views = new Map((server.views ?? []).map((v) => [tableKey(v), v]));
  return {
    ...model,
    tables: model.tables.map((t) => replaced.get(tableKey(t.table)) ?? t),
    ...(model.views ? { views: model.views.map((v) => views.get(tableKey(v)) ?? v) } : {}),
  };
}

/**
 * The declared views a comparison made or dropped (their text differs from the server's, perhaps only in
 * the server's way of writing it), and the declared views these name, to make them first.
 */
function viewsToNormalize(changes: readonly Change[], declared: DatabaseModel): Set<string> {
  const all = declared.views ?? [];
  const keys = new Set<string>();
  for (const c of changes) {
    if (c.op.kind !== "createView" && c.op.kind !== "dropView") continue;
    const key = tableKey(c.op);
    if (all.some((v) => tableKey(v) === key)) keys.add(key);
  }
  for (let grew = true; grew; ) {
    grew = false;
    const read = namesReadBy(keys, declared);
    for (const v of all) {
      if (keys.has(tableKey(v)) || !read.has(v.name.toLowerCase())) continue;
      keys.add(tableKey(v));
      grew = true;
    }
  }
  return keys;
}

/** The relations (lower-case names) the given declared views read, after FROM and JOIN (view_reads.ts). */
function namesReadBy(views: ReadonlySet<string>, declared: DatabaseModel): Set<string> {
  return new Set((declared.views ?? []).filter((v) => views.has(tableKey(v))).flatMap((v) => [...relationsOf(v.query)]));
}

/**
 * The tables the database has and the schema does not declare (left to raw SQL, or out of the filters) that
 * the given declared views read, added to the scratch's model as they are, without their keys: a view over
 * them is made there too (a MySQL or SQLite scratch has no other tables).
 */
function withLiveTablesReadBy(views: ReadonlySet<string>, model: DatabaseModel, declared: DatabaseModel, live: DatabaseModel): DatabaseModel {
  const read = namesReadBy(views, declared);
  const declaredKeys = new Set(declared.tables.map((t) => tableKey(t.table)));
  const extra = live.tables
    .filter((t) => !declaredKeys.has(tableKey(t.table)) && read.has(t.table.name.toLowerCase()))
    .map((t) => ({ ...t, foreignKeys: [], indexes: [] }));
  return extra.length === 0 ? model : { ...model, tables: [...model.tables, ...extra] };
}

/** The declared tables the given views read (a view cannot be made in the scratch without them). */
function tablesReadBy(views: ReadonlySet<string>, declared: DatabaseModel): Set<string> {
  const read = namesReadBy(views, declared);
  return new Set(declared.tables.filter((t) => read.has(t.table.name.toLowerCase())).map((t) => tableKey(t.table)));
}

/** The changes as an SQL script of the dialect, compiled against the tables as they are. */
async function compileScript(dialect: Dialect, from: DatabaseModel, changes: readonly Change[]): Promise<string> {
  const tracker = new SchemaTracker(from.tables, dialect);
  const lines: string[] = [];
  for (const c of changes) {
    for (const s of await dialect.compile(c.op, tracker)) lines.push(dialect.scriptStatement(dialect.inline(s)));
    tracker.record(c.op);
  }
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

function processOps(changes: readonly Change[], hooks: SchemaHooks): Change[] {
  if (!hooks.processOps) return [...changes];
  const ops = changes.map((c) => c.op);
  const edited = hooks.processOps(ops) ?? ops;
  // Keep what is known about ops the hook kept; ops it added are additive as far as migrator knows.
  return edited.map((op, i) => changes.find((c) => c.op === op) ?? { op, step: 0, key: String(i), safety: "additive" as const });
}

/** Tables and types left out by the config's include_tables / exclude_tables globs and the includeObject hook. */
function filter(options: Readonly<Record<string, string>>, hooks: SchemaHooks): (model: DatabaseModel) => DatabaseModel {
  const globs = (key: string) => (options[key] ?? "").split(/[\s,]+/).filter(Boolean).map(globToRegExp);
  const include = globs("include_tables");
  const exclude = globs("exclude_tables");
  const keep = (type: "table" | "enum" | "sequence" | "view", ref: { name: string; schema?: string }) => {
    const names = [ref.name, ref.schema ? `${ref.schema}.${ref.name}` : ref.name];
    // A view is a relation as a table is: the table globs take it too.
    const relation = type === "table" || type === "view";
    if (relation && include.length > 0 && !include.some((g) => names.some((n) => g.test(n)))) return false;
    if (relation && exclude.some((g) => names.some((n) => g.test(n)))) return false;
    return hooks.includeObject ? hooks.includeObject({ type, name: ref.name, ...(ref.schema ? { schema: ref.schema } : {}) }) !== false : true;
  };
  return (m) => ({
    schemas: m.schemas,
    tables: m.tables.filter((t) => keep("table", t.table)),
    enums: m.enums.filter((e) => keep("enum", e)),
    sequences: m.sequences.filter((s) => keep("sequence", s)),
    ...(m.views ? { views: m.views.filter((v) => keep("view", v)) } : {}),
  });
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*").replaceAll("?", ".")}$`, "i");
}

/** A --rename hint must name a table (or column) the database has and one the schema declares. */
function checkCliRenames(renames: readonly string[], from: DatabaseModel, to: DatabaseModel): void {
  const table = (m: DatabaseModel, name: string) => m.tables.find((t) => tableKey(t.table) === tableKey({ name }) || tableKey(t.table) === name.toLowerCase());
  for (const r of renames) {
    const m = /^([^=]+)=([^=.]+)$/.exec(r.trim());
    if (!m) continue;
    const [left, right] = [m[1]!, m[2]!];
    const dot = left.lastIndexOf(".");
    const oldTable = dot < 0 ? left : left.slice(0, dot);
    const where = `--rename ${r}`;
    if (dot < 0) {
      if (!table(to, right)) throw new UsageError(`${where}: the schema declares no table "${right}"`);
      if (!table(from, oldTable)) throw new UsageError(`${where}: the database has no table "${oldTable}"`);
      continue;
    }
    const declared = table(to, oldTable);
    if (!declared?.columns.some((c) => c.name.toLowerCase() === right.toLowerCase())) throw new UsageError(`${where}: the schema declares no column "${oldTable}.${right}"`);
    const existing = from.tables.find((t) => tableKey(t.table) === tableKey(declared.table));
    if (existing && !existing.columns.some((c) => c.name.toLowerCase() === left.slice(dot + 1).toLowerCase())) {
      throw new UsageError(`${where}: table "${oldTable}" has no column "${left.slice(dot + 1)}"`);
    }
  }
}

function withCliRenames(hints: RenameHints, renames: readonly string[]): RenameHints {
  const tables = new Map(hints.tables);
  const columns = new Map(hints.columns);
  for (const r of renames) {
    const m = /^([^=]+)=([^=.]+)$/.exec(r.trim());
    if (!m) throw new UsageError(`--rename takes OLD=NEW for a table or TABLE.OLD=NEW for a column; got "${r}"`);
    const [left, right] = [m[1]!, m[2]!];
    const dot = left.lastIndexOf(".");
    if (dot < 0) tables.set(tableKey({ name: right }), left);
    else columns.set(`${tableKey({ name: left.slice(0, dot) })}.${right}`.toLowerCase(), left.slice(dot + 1));
  }
  return { ...hints, tables, columns };
}

// ---- the revision file -------------------------------------------------------------------------

export interface AutogenerateOptions extends RevisionOptions, CompareOptions {
  /** Write a revision even when nothing differs. */
  readonly allowEmpty?: boolean;
}

export interface AutogenerateResult {
  readonly diff: SchemaDiff;
  /** The revision written; undefined when nothing differs (and allowEmpty is not set). */
  readonly revision?: Revision;
}

/** `migrator revision --autogenerate`: write the changes as a revision whose downgrade reverses them. */
export async function autogenerate(options: AutogenerateOptions): Promise<AutogenerateResult> {
  if (options.language === "sql") throw new UsageError(`--autogenerate writes TypeScript revisions; leave out --sql (its SQL is printed by "migrator upgrade --sql")`);
  const diff = await diffSchema(options);
  if (diff.changes.length === 0 && diff.unresolved.length === 0 && !options.allowEmpty) return { diff };
  const { upgrades, downgrades } = revisionBodies(diff);
  const written = await revision({ ...options, language: "ts", upgrades, downgrades });
  runPostWriteHook(options.config.options["post_write_hooks"], written.path);
  return { diff, revision: written };
}

/** upgrade() runs the changes in order; downgrade() runs their reverses backwards. */
export function revisionBodies(diff: SchemaDiff): { upgrades: string; downgrades: string } {
  const header = [...diff.unresolved.map((w) => `TODO: ${w}`), ...diff.warnings.map((w) => `WARNING: ${w}`)];
  const up = diff.changes.map((c) => {
    const figure = diff.figures.get(c);
    const comments = c.safety === "additive" || !c.note ? [] : [`${c.safety === "destructive" ? "DESTRUCTIVE" : "REVIEW"}: ${c.note}${figure ? ` (${figure})` : ""}`];
    if (diff.alterColumnUsing && c.op.kind === "alterColumn" && c.op.type !== undefined && !c.op.using) comments.push(`If the server cannot convert the values, add using: "<expression>".`);
    return { op: c.op, comments };
  });
  const down = [...diff.changes].reverse().map((c) => {
    const back: Op | undefined = reverse(c.op);
    return { op: back, comments: back ? [] : [`Cannot be reversed automatically: ${c.op.kind}; write its inverse here.`] };
  });
  const empty = "// No changes: the database matches the schema.";
  return {
    upgrades: diff.changes.length === 0 && header.length === 0 ? empty : renderBody([{ op: undefined, comments: header }, ...up]),
    downgrades: diff.changes.length === 0 ? empty : renderBody(down),
  };
}

/** `post_write_hooks = prettier --write` runs the command on the new file (appended, or where {file} stands). */
function runPostWriteHook(command: string | undefined, path: string): void {
  if (!command || command.trim() === "") return;
  const quoted = `'${path.replaceAll("'", "'\\''")}'`;
  const line = command.includes("{file}") ? command.replaceAll("{file}", quoted) : `${command} ${quoted}`;
  const result = spawnSync("sh", ["-c", line], { stdio: "inherit" });
  if (result.status !== 0) throw new ConfigError(`post_write_hooks failed (exit ${result.status ?? "signal"}): ${line}; the revision was written to ${path}`);
}
