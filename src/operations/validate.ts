/**
 * The checks an op passes before it is compiled: migrations are often written without a type checker,
 * so a wrong argument (`op.createTable("t", "oops")`), an empty name or an unknown property (`nulable`)
 * is an OperationArgumentError naming the op, the argument and what it takes, never a silent default or
 * an engine message.
 */
import { OperationArgumentError } from "../errors.ts";
import { checkKeys } from "./keys.ts";
import { nameOverLimit, type NameLimit } from "./name_length.ts";
import { describeOp, SEQUENCE_TYPE_RANGES, SEQUENCE_TYPES, type Op, type OpKind, type SequenceType } from "./ops.ts";
import { sequenceValues } from "../schema/sequence.ts";

/** The properties a column object takes (op.createTable, op.addColumn, schema modules). */
export const COLUMN_DEF_KEYS = [
  "name", "type", "nullable", "primaryKey", "autoincrement", "default", "unique", "comment", "references", "check", "generated", "collation",
] as const;

const TABLE_KEYS = ["name", "schema"];
const REFERENCE_KEYS = ["table", "column", "schema", "onDelete", "onUpdate"];
const FOREIGN_KEY_KEYS = ["name", "columns", "refTable", "refSchema", "refColumns", "onDelete", "onUpdate", "deferrable", "initiallyDeferred"];
const ACTIONS = ["cascade", "restrict", "set null", "set default", "no action"];
const CONSTRAINT_TYPES = ["primary", "foreign", "unique", "check"];
const SEQUENCE_OPTIONS = ["as", "increment", "minValue", "maxValue", "start", "cycle"];
const INDEX_KEYS = ["kind", "name", "table", "columns", "unique", "where", "method", "concurrently", "ifNotExists", "nullsNotDistinct", "include"];

type Check = (op: Record<string, unknown>, at: Where) => void;

interface Where {
  readonly op: string;
  fail(message: string): never;
  /** The error of the caller's kind (OperationArgumentError, SchemaDeclarationError) for a whole message. */
  error(message: string): Error;
}

/** Keys each op takes, and its own checks. Typed over every op kind, as the compiler's visitors are. */
const SPECS: { [K in OpKind]: { readonly keys: readonly string[]; readonly check: Check } } = {
  createTable: {
    keys: ["kind", "table", "columns", "primaryKey", "foreignKeys", "uniques", "checks", "comment", "ifNotExists"],
    check: (op, at) => {
      table(op["table"], at);
      if (!Array.isArray(op["columns"])) at.fail(`columns must be an array of column objects, e.g. [{ name: "id", type: "integer" }]; got ${shown(op["columns"])}`);
      (op["columns"] as unknown[]).forEach((c, i) => column(c, at, `columns[${i}]`));
      tableOptions(op, at);
    },
  },
  dropTable: { keys: ["kind", "table", "ifExists", "existing"], check: (op, at) => table(op["table"], at) },
  renameTable: { keys: ["kind", "table", "newName"], check: (op, at) => (table(op["table"], at), text(op["newName"], at, "newName")) },
  setTableComment: {
    keys: ["kind", "table", "comment", "existingComment"],
    check: (op, at) => {
      table(op["table"], at);
      if (op["comment"] !== null) text(op["comment"], at, "comment", true);
    },
  },
  addColumn: { keys: ["kind", "table", "column"], check: (op, at) => (table(op["table"], at), column(op["column"], at, "column")) },
  dropColumn: { keys: ["kind", "table", "column", "ifExists", "existing"], check: (op, at) => (table(op["table"], at), text(op["column"], at, "column")) },
  alterColumn: {
    keys: [
      "kind", "table", "column", "type", "using", "nullable", "default", "newName", "comment", "autoincrement", "collation",
      "existingType", "existingNullable", "existingDefault", "existingComment", "existingAutoincrement", "existingCollation",
      "generated", "existingGenerated",
    ],
    check: (op, at) => {
      table(op["table"], at);
      text(op["column"], at, "column");
      if (op["type"] !== undefined) columnType(op["type"], at, "type");
      if (op["collation"] !== null) collation(op["collation"], at, "collation", ", or null for the default one");
      if (op["existingCollation"] !== null) collation(op["existingCollation"], at, "existingCollation", ", or null for the default one");
      if (op["newName"] !== undefined) text(op["newName"], at, "newName");
      defaultValue(op["default"], at, "default");
      defaultValue(op["existingDefault"], at, "existingDefault");
      const plain = ", or null for a column that is not computed";
      if (op["generated"] !== undefined && op["generated"] !== null) generatedColumn(op["generated"], at, "generated", plain);
      if (op["existingGenerated"] !== undefined && op["existingGenerated"] !== null) generatedColumn(op["existingGenerated"], at, "existingGenerated", plain);
      if (op["generated"] !== undefined && op["generated"] !== null && op["default"] !== undefined && op["default"] !== null) {
        at.fail("generated and default are both set: a computed column has no default; drop one of them");
      }
    },
  },
  createIndex: {
    keys: INDEX_KEYS,
    check: (op, at) => {
      text(op["name"], at, "name");
      table(op["table"], at);
      if (!Array.isArray(op["columns"]) || op["columns"].length === 0) at.fail(`columns must be a non-empty array of column names, { name, order, nulls, opclass } or { expression, ... }; got ${shown(op["columns"])}`);
      (op["columns"] as unknown[]).forEach((c, i) => {
        const problem = indexColumnProblem(c);
        if (problem !== undefined) at.fail(`columns[${i}]${problem}`);
      });
      flag(op["nullsNotDistinct"], at, "nullsNotDistinct");
      if (op["nullsNotDistinct"] === true && op["unique"] !== true) at.fail("nullsNotDistinct is an option of a unique index: add unique: true");
      if (op["include"] !== undefined) names(op["include"], at, "include");
    },
  },
  dropIndex: {
    keys: ["kind", "name", "table", "ifExists", "concurrently", "existing"],
    check: (op, at) => (text(op["name"], at, "name"), op["table"] !== undefined && table(op["table"], at)),
  },
  createPrimaryKey: { keys: ["kind", "name", "table", "columns"], check: (op, at) => (text(op["name"], at, "name"), table(op["table"], at), names(op["columns"], at, "columns")) },
  createForeignKey: {
    keys: ["kind", "name", "table", "foreignKey"],
    check: (op, at) => (text(op["name"], at, "name"), table(op["table"], at), foreignKey(op["foreignKey"], at, "options")),
  },
  createUniqueConstraint: {
    keys: ["kind", "name", "table", "columns", "nullsNotDistinct"],
    check: (op, at) => (text(op["name"], at, "name"), table(op["table"], at), names(op["columns"], at, "columns"), flag(op["nullsNotDistinct"], at, "nullsNotDistinct")),
  },
  createCheckConstraint: {
    keys: ["kind", "name", "table", "condition"],
    check: (op, at) => (optionalName(op["name"], at, "name"), table(op["table"], at), text(op["condition"], at, "condition")),
  },
  dropConstraint: {
    keys: ["kind", "name", "table", "type", "ifExists", "existing", "columns", "check"],
    check: (op, at) => {
      table(op["table"], at);
      optionalName(op["name"], at, "name");
      if (op["type"] !== undefined && !CONSTRAINT_TYPES.includes(op["type"] as string)) at.fail(`type must be one of ${CONSTRAINT_TYPES.map((t) => `"${t}"`).join(", ")}; got ${shown(op["type"])}`);
      if (op["columns"] !== undefined) names(op["columns"], at, "columns");
      if (op["check"] !== undefined) text(op["check"], at, "check");
      if (op["name"] === undefined && op["columns"] === undefined && op["check"] === undefined && op["type"] !== "primary") {
        at.fail(`say which constraint: a name, or its structure ({ type: "foreign" | "unique", columns: [...] } or { check: "expression" })`);
      }
    },
  },
  createSchema: { keys: ["kind", "name", "ifNotExists"], check: (op, at) => text(op["name"], at, "name") },
  dropSchema: { keys: ["kind", "name", "ifExists", "cascade"], check: (op, at) => text(op["name"], at, "name") },
  createEnum: {
    keys: ["kind", "name", "schema", "values"],
    check: (op, at) => {
      text(op["name"], at, "name");
      enumValues(op["values"], at);
    },
  },
  dropEnum: { keys: ["kind", "name", "schema", "ifExists", "existing"], check: (op, at) => text(op["name"], at, "name") },
  addEnumValue: { keys: ["kind", "name", "schema", "value", "before", "after", "ifNotExists"], check: (op, at) => (text(op["name"], at, "name"), text(op["value"], at, "value", true)) },
  recreateEnum: {
    keys: ["kind", "name", "schema", "values", "previous"],
    check: (op, at) => {
      text(op["name"], at, "name");
      enumValueList(op["values"], at, "values");
      if (op["previous"] !== undefined) enumValueList(op["previous"], at, "previous");
    },
  },
  createSequence: {
    keys: ["kind", "name", "schema", ...SEQUENCE_OPTIONS, "ifNotExists"],
    check: (op, at) => {
      text(op["name"], at, "name");
      sequenceOptions(op, at, false);
    },
  },
  alterSequence: {
    keys: ["kind", "name", "schema", ...SEQUENCE_OPTIONS, "restart", "existing"],
    check: (op, at) => {
      text(op["name"], at, "name");
      sequenceOptions(op, at, true);
      flag(op["restart"], at, "restart");
      if (!SEQUENCE_OPTIONS.some((k) => op[k] !== undefined)) at.fail(`names no option to change: give one of ${SEQUENCE_OPTIONS.join(", ")}`);
      const existing = op["existing"];
      if (existing !== undefined) {
        if (!isObject(existing)) at.fail(`existing must be the sequence's options before, as createSequence takes them; got ${shown(existing)}`);
        keys(existing as object, SEQUENCE_OPTIONS, at, "existing");
        sequenceOptions(existing as Record<string, unknown>, { ...at, fail: (message) => at.fail(`existing.${message}`) }, false);
      }
    },
  },
  dropSequence: { keys: ["kind", "name", "schema", "ifExists", "existing"], check: (op, at) => text(op["name"], at, "name") },
  createView: {
    keys: ["kind", "name", "schema", "query", "checkOption", "securityBarrier", "securityInvoker", "comment", "columnComments", "grants", "owner", "materialized", "withData", "indexes"],
    check: (op, at) => {
      text(op["name"], at, "name");
      optionalName(op["schema"], at, "schema");
      text(op["query"], at, "query");
      if (op["checkOption"] !== undefined && op["checkOption"] !== "local" && op["checkOption"] !== "cascaded") at.fail(`checkOption must be "local" or "cascaded"; got ${shown(op["checkOption"])}`);
      for (const key of ["securityBarrier", "securityInvoker", "materialized", "withData"]) if (op[key] !== undefined && typeof op[key] !== "boolean") at.fail(`${key} must be true or false; got ${shown(op[key])}`);
      if (op["materialized"] && op["checkOption"] !== undefined) at.fail("a materialized view has no check option (it cannot be written through)");
      if (op["materialized"] && (op["securityBarrier"] !== undefined || op["securityInvoker"] !== undefined)) at.fail("securityBarrier and securityInvoker are a plain view's options, not a materialized view's");
      if (!op["materialized"] && (op["withData"] !== undefined || op["indexes"] !== undefined)) at.fail("withData and indexes are a materialized view's: add materialized: true");
      const indexes = op["indexes"];
      if (indexes !== undefined && (!Array.isArray(indexes) || indexes.some((ix) => typeof ix !== "string" || !/^\s*CREATE\s+(UNIQUE\s+)?INDEX\b/i.test(ix)))) {
        at.fail(`indexes must be an array of CREATE INDEX statements; got ${shown(indexes)}`);
      }
      optionalString(op["comment"], at, "comment");
      optionalName(op["owner"], at, "owner");
      const comments = op["columnComments"];
      if (comments !== undefined && (!isObject(comments) || Object.values(comments).some((c) => typeof c !== "string"))) at.fail(`columnComments must map column names to strings; got ${shown(comments)}`);
      list(op["grants"], at, "grants", (g, at, where) => {
        text(g["role"], at, `${where}.role`);
        if (g["grantOption"] !== undefined && typeof g["grantOption"] !== "boolean") at.fail(`${where}.grantOption must be true or false; got ${shown(g["grantOption"])}`);
        if (!Array.isArray(g["privileges"]) || g["privileges"].length === 0 || g["privileges"].some((p) => typeof p !== "string" || !/^[A-Za-z ]+$/.test(p))) {
          at.fail(`${where}.privileges must be a non-empty array of privilege names such as "SELECT"; got ${shown(g["privileges"])}`);
        }
      });
    },
  },
  dropView: {
    keys: ["kind", "name", "schema", "ifExists", "materialized", "existing"],
    check: (op, at) => {
      text(op["name"], at, "name");
      if (op["materialized"] !== undefined && typeof op["materialized"] !== "boolean") at.fail(`materialized must be true or false; got ${shown(op["materialized"])}`);
    },
  },
  execute: { keys: ["kind", "sql", "params"], check: (op, at) => text(op["sql"], at, "sql") },
  bulkInsert: {
    keys: ["kind", "table", "rows"],
    check: (op, at) => {
      table(op["table"], at);
      if (!Array.isArray(op["rows"]) || op["rows"].some((r) => !isObject(r))) at.fail(`rows must be an array of objects (column → value); got ${shown(op["rows"])}`);
    },
  },
  batchAlterTable: {
    keys: ["kind", "table", "ops", "recreate", "namingConvention"],
    check: (op, at) => {
      table(op["table"], at);
      if (op["recreate"] !== undefined && !["auto", "always", "never"].includes(op["recreate"] as string)) at.fail(`recreate must be "auto", "always" or "never"; got ${shown(op["recreate"])}`);
      optionalObject(op["namingConvention"], at, "namingConvention", ["ck", "fk", "uq"], (n) => Object.keys(n).forEach((k) => text(n[k], at, `namingConvention.${k}`)));
      for (const inner of (op["ops"] as Op[] | undefined) ?? []) validateOp(inner);
    },
  },
};

/**
 * Throw an OperationArgumentError when the op is not well formed, or (given the dialect's limit) when a
 * name it creates is longer than the dialect takes (name_length.ts).
 */
export function validateOp(op: Op, limit?: NameLimit): void {
  if (!isObject(op) || typeof op.kind !== "string" || !(op.kind in SPECS)) {
    throw new OperationArgumentError(`op.run() takes an operation object with a known kind; got ${shown(isObject(op) ? op.kind : op)}`);
  }
  const spec = SPECS[op.kind];
  const record = op as unknown as Record<string, unknown>;
  const at = new At(op);
  keys(record, spec.keys, at, "options");
  spec.check(record, at);
  const tooLong = limit ? nameOverLimit(op, limit) : undefined;
  if (tooLong !== undefined) at.fail(tooLong);
}

/**
 * The table options op.createTable takes and a schema module's table() too (primaryKey, foreignKeys,
 * uniques, checks, comment), checked alike: a declared `checks: [{ expression }]` would otherwise reach
 * the server as a CHECK on "undefined". `where` names the table; `error` makes the caller's kind of error.
 */
export function checkTableOptions(options: object, where: string, error: (message: string) => Error): void {
  tableOptions(options as Record<string, unknown>, placeAt(where, error));
}

/** A sequence as a schema module declares it, checked as op.createSequence checks it. */
export function checkSequence(value: Record<string, unknown>, where: string, error: (message: string) => Error): void {
  const at = placeAt(where, error);
  checkKeys(value, ["name", "schema", ...SEQUENCE_OPTIONS], where, error);
  text(value["name"], at, "name");
  sequenceOptions(value, at, false);
}

/** A column as a schema module declares it (without renamedFrom), checked as op.createTable checks it. */
export function checkColumn(value: object, where: string, error: (message: string) => Error): void {
  column(value, placeAt(where, error), "column");
}

/** A place outside an op (a schema module's table), with the caller's kind of error. */
function placeAt(where: string, error: (message: string) => Error): Where {
  return {
    op: where,
    fail: (message) => {
      throw error(`${where}: ${message}`);
    },
    error,
  };
}

function tableOptions(options: Record<string, unknown>, at: Where): void {
  // Each table option is checked by a function of this module, not a closure made for every op.
  optionalObject(options["primaryKey"], at, "primaryKey", PRIMARY_KEY_KEYS, primaryKey);
  list(options["foreignKeys"], at, "foreignKeys", foreignKey);
  list(options["uniques"], at, "uniques", unique);
  list(options["checks"], at, "checks", tableCheck);
  optionalString(options["comment"], at, "comment");
}

/** The op being checked, described only for a message: most ops pass. A class: every op gets one. */
class At implements Where {
  #described: string | undefined;
  constructor(private readonly subject: Op) {}

  get op(): string {
    return (this.#described ??= safeDescribe(this.subject));
  }

  fail(message: string): never {
    throw new OperationArgumentError(`${this.op}: ${message}`);
  }

  error(message: string): Error {
    return new OperationArgumentError(message);
  }
}

// ---- pieces ------------------------------------------------------------------------------------

function table(value: unknown, at: Where): void {
  if (!isObject(value) || typeof value["name"] !== "string" || value["name"] === "") {
    at.fail(`the table must be a non-empty name ("users" or "schema.users") or { name, schema }; got ${shown(value)}`);
  }
  keys(value, TABLE_KEYS, at, "table");
  if (value["schema"] !== undefined) text(value["schema"], at, "table.schema");
}

function column(value: unknown, at: Where, where: string): void {
  if (!isObject(value)) at.fail(`${where} must be a column object such as { name: "id", type: "integer" }; got ${shown(value)}`);
  text(value["name"], at, `${where}.name`);
  const label = `${where} ("${value["name"] as string}")`;
  keys(value, COLUMN_DEF_KEYS, at, label);
  if (value["type"] === undefined) at.fail(`${label} has no type`);
  columnType(value["type"], at, `${label}.type`);
  const ref = value["references"];
  if (ref !== undefined && typeof ref !== "string") {
    if (!isObject(ref)) at.fail(`${label}.references must be "table.column" or { table, column }; got ${shown(ref)}`);
    keys(ref, REFERENCE_KEYS, at, `${label}.references`);
    text(ref["table"], at, `${label}.references.table`);
    text(ref["column"], at, `${label}.references.column`);
    action(ref["onDelete"], at, `${label}.references.onDelete`);
    action(ref["onUpdate"], at, `${label}.references.onUpdate`);
  }
  if (value["generated"] !== undefined) {
    generatedColumn(value["generated"], at, `${label}.generated`, "");
    for (const clash of ["default", "autoincrement", "primaryKey"]) {
      if (value[clash] !== undefined && value[clash] !== false) at.fail(`${label} is generated, so it cannot have ${clash}: drop one of them`);
    }
  }
  if (value["check"] !== undefined) text(value["check"], at, `${label}.check`);
  collation(value["collation"], at, `${label}.collation`, "; leave it out for the default one");
  defaultValue(value["default"], at, `${label}.default`);
  if (value["autoincrement"] === true && value["default"] !== undefined && value["default"] !== null) {
    at.fail(`${label} has autoincrement, so it cannot have a default: drop one of them`);
  }
}

/** A generated column's { sql, stored? }; `orNull` names what null means where it is allowed. */
function generatedColumn(generated: unknown, at: Where, label: string, orNull: string): void {
  if (!isObject(generated)) at.fail(`${label} must be { sql: "a + b", stored?: boolean }${orNull}; got ${shown(generated)}`);
  keys(generated, ["sql", "stored"], at, label);
  text(generated["sql"], at, `${label}.sql`);
  if (generated["stored"] !== undefined && typeof generated["stored"] !== "boolean") at.fail(`${label}.stored must be true or false`);
}

/**
 * A server default: a literal (string, number, boolean), null, or { sql }. A JSON value or an array would
 * be read as { sql } (DEFAULT undefined) or written as text the column may not take.
 */
function defaultValue(value: unknown, at: Where, where: string): void {
  if (value === undefined || value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return;
  if (isObject(value) && Object.hasOwn(value, "sql")) {
    keys(value, ["sql"], at, where);
    return text(value["sql"], at, `${where}.sql`);
  }
  at.fail(`${where} must be a string, a number, a boolean, null or { sql: "..." } (a JSON or array value as a string: '{}', or { sql: "'{}'::jsonb" }); got ${shown(value)}`);
}

/** An optional collation: one non-empty name ("C", "utf8mb4_bin", "NOCASE"). */
function collation(value: unknown, at: Where, where: string, otherwise: string): void {
  if (value === undefined || (typeof value === "string" && value.trim() !== "")) return;
  at.fail(`${where} must be a collation name such as "C" (PostgreSQL), "utf8mb4_bin" (MySQL) or "NOCASE" (SQLite)${otherwise}; got ${shown(value)}`);
}

function columnType(value: unknown, at: Where, where: string): void {
  if (typeof value === "string" && value.trim() !== "") return;
  if (isObject(value) && typeof value["raw"] === "string" && value["raw"].trim() !== "") return keys(value, ["raw"], at, where);
  at.fail(`${where} must be a type name such as "integer" or { raw: "..." }; got ${shown(value)}`);
}

function foreignKey(value: unknown, at: Where, where: string): void {
  if (!isObject(value)) at.fail(`${where} must be a foreign key object; got ${shown(value)}`);
  keys(value, FOREIGN_KEY_KEYS, at, where);
  optionalName(value["name"], at, `${where}.name`);
  names(value["columns"], at, `${where}.columns`);
  text(value["refTable"], at, `${where}.refTable`);
  names(value["refColumns"], at, `${where}.refColumns`);
  action(value["onDelete"], at, `${where}.onDelete`);
  action(value["onUpdate"], at, `${where}.onUpdate`);
}

function action(value: unknown, at: Where, where: string): void {
  if (value !== undefined && !ACTIONS.includes(value as string)) at.fail(`${where} must be one of ${ACTIONS.map((a) => `"${a}"`).join(", ")}; got ${shown(value)}`);
}

function names(value: unknown, at: Where, where: string): void {
  if (!Array.isArray(value) || value.length === 0 || value.some((c) => typeof c !== "string" || c === "")) {
    at.fail(`${where} must be a non-empty array of column names; got ${shown(value)}`);
  }
}

/** A new enum's values: an array of distinct strings (the server refuses a repeated label). */
function enumValues(value: unknown, at: Where): void {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) at.fail(`values must be an array of strings; got ${shown(value)}`);
  const twice = (value as string[]).find((v, i) => value.indexOf(v) !== i);
  if (twice !== undefined) at.fail(`values holds "${twice}" twice`);
}

/** A declared enum's values, checked as op.createEnum checks them. */
export function checkEnumValues(value: unknown, where: string, error: (message: string) => Error): void {
  enumValues(value, placeAt(where, error));
}

/** An enum's values: a non-empty array of distinct strings (a type with no value could not hold a row to convert). */
function enumValueList(value: unknown, at: Where, where: string): void {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string")) at.fail(`${where} must be a non-empty array of strings; got ${shown(value)}`);
  const twice = (value as string[]).find((v, i) => value.indexOf(v) !== i);
  if (twice !== undefined) at.fail(`${where} holds "${twice}" twice`);
}

function list(value: unknown, at: Where, where: string, each: (item: Record<string, unknown>, at: Where, where: string) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) at.fail(`${where} must be an array; got ${shown(value)}`);
  value.forEach((item, i) => {
    if (!isObject(item)) at.fail(`${where}[${i}] must be an object; got ${shown(item)}`);
    each(item, at, `${where}[${i}]`);
  });
}

function optionalObject(value: unknown, at: Where, where: string, known: readonly string[], each: (item: Record<string, unknown>, at: Where) => void): void {
  if (value === undefined) return;
  if (!isObject(value)) at.fail(`${where} must be an object; got ${shown(value)}`);
  keys(value, known, at, where);
  each(value, at);
}

const PRIMARY_KEY_KEYS = ["name", "columns"];

function primaryKey(pk: Record<string, unknown>, at: Where): void {
  names(pk["columns"], at, "primaryKey.columns");
}

function unique(u: Record<string, unknown>, at: Where, where: string): void {
  keys(u, ["name", "columns", "nullsNotDistinct"], at, where);
  optionalName(u["name"], at, `${where}.name`);
  names(u["columns"], at, `${where}.columns`);
  flag(u["nullsNotDistinct"], at, `${where}.nullsNotDistinct`);
}

/**
 * A sequence's options: its type, whole numbers (a bound null for the default, in an ALTER), increment not 0;
 * a whole sequence (not an ALTER) also as the server checks it: bounds within its type, the start between them.
 */
function sequenceOptions(op: Record<string, unknown>, at: Where, alter: boolean): void {
  if (op["as"] !== undefined && !SEQUENCE_TYPES.includes(op["as"] as SequenceType)) at.fail(`as must be one of ${SEQUENCE_TYPES.join(", ")}; got ${shown(op["as"])}`);
  wholeNumber(op["increment"], at, "increment", false);
  if (op["increment"] === 0 || op["increment"] === 0n) at.fail("increment cannot be 0");
  wholeNumber(op["minValue"], at, "minValue", alter);
  wholeNumber(op["maxValue"], at, "maxValue", alter);
  wholeNumber(op["start"], at, "start", false);
  flag(op["cycle"], at, "cycle");
  if (alter) return;
  // The values the server would fill in (sequence.ts), checked as it checks them.
  const { type, min, max, start } = sequenceValues(op);
  const range = SEQUENCE_TYPE_RANGES[type];
  for (const [k, v] of [["minValue", min], ["maxValue", max]] as const) {
    if (v < range.min || v > range.max) at.fail(`${k} ${v} is out of range for ${type === "integer" ? "an" : "a"} ${type} sequence (${range.min} to ${range.max})`);
  }
  if (min >= max) at.fail(`minValue (${min}) must be less than maxValue (${max})`);
  if (start < min || start > max) at.fail(`start (${start}) must lie between minValue (${min}) and maxValue (${max})`);
}

/**
 * An optional whole number (a sequence's option): a safe integer, or a bigint for one beyond 2^53 (a number
 * there is not the value written); `orNull`: null stands for the default.
 */
function wholeNumber(value: unknown, at: Where, where: string, orNull: boolean): void {
  if (value === undefined || (orNull && value === null) || typeof value === "bigint") return;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    at.fail(`${where} must be a whole number${orNull ? " or null (the default)" : ""} (beyond 2^53, a bigint such as 9223372036854775806n); got ${shown(value)}`);
  }
}

/** An optional true/false option: anything else would be read as false by one part and true by another. */
function flag(value: unknown, at: Where, where: string): void {
  if (value !== undefined && typeof value !== "boolean") at.fail(`${where} must be true or false; got ${shown(value)}`);
}

function tableCheck(c: Record<string, unknown>, at: Where, where: string): void {
  keys(c, ["name", "condition"], at, where);
  optionalName(c["name"], at, `${where}.name`);
  text(c["condition"], at, `${where}.condition`);
}

/** A name that may be left out; an empty one is refused (it would be unnamed on one server and invalid SQL on another). */
function optionalName(value: unknown, at: Where, where: string): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value === "") {
    at.fail(`${where} must be a non-empty name${value === "" ? " (leave it out, or pass null where the op allows, for an unnamed constraint)" : ""}; got ${shown(value)}`);
  }
}

function optionalString(value: unknown, at: Where, where: string): void {
  if (value !== undefined && typeof value !== "string") at.fail(`${where} must be a string; got ${shown(value)}`);
}

const INDEX_KEY_KEYS = ["name", "expression", "order", "nulls", "opclass"];

/** An operator class: a name, or a schema and a name, each an identifier (no quotes, no parameters). */
const OPCLASS = /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?$/;

/**
 * What is wrong with an index column, as the end of a sentence after its place (" must be ...",
 * ".order must be ..."), or undefined when it is
 * a column name, `{ name, order, nulls, opclass }` or `{ expression, order, nulls, opclass }` with order
 * "asc" or "desc", nulls "first" or "last", opclass "name" or "schema.name" (op.createIndex, schema modules).
 */
export function indexColumnProblem(c: unknown): string | undefined {
  if (typeof c === "string") return c === "" ? ` must be a non-empty column name; got ${shown(c)}` : undefined;
  const form = "a column name, { name, order, nulls, opclass } or { expression, order, nulls, opclass }";
  if (!isObject(c)) return ` must be ${form}; got ${shown(c)}`;
  const has = (k: string) => Object.hasOwn(c, k);
  if (has("name") === has("expression")) return ` must be ${form}, with either name or expression; got ${has("name") ? "both" : "neither"}`;
  const unknown = Object.keys(c).find((k) => !INDEX_KEY_KEYS.includes(k));
  if (unknown !== undefined) return ` has an unknown property "${unknown}" (known: ${has("name") ? "name" : "expression"}, order, nulls, opclass)`;
  const value = has("name") ? c["name"] : c["expression"];
  if (typeof value !== "string" || value === "") return `.${has("name") ? "name" : "expression"} must be a non-empty string; got ${shown(value)}`;
  if (c["order"] !== undefined && c["order"] !== "asc" && c["order"] !== "desc") return `.order must be "asc" or "desc"; got ${shown(c["order"])}`;
  if (c["nulls"] !== undefined && c["nulls"] !== "first" && c["nulls"] !== "last") return `.nulls must be "first" or "last" (NULLS FIRST / LAST); got ${shown(c["nulls"])}`;
  const opclass = c["opclass"];
  if (opclass !== undefined && (typeof opclass !== "string" || !OPCLASS.test(opclass))) {
    return `.opclass must be an operator class name, "name" or "schema.name" (e.g. "text_pattern_ops"; parameters such as (siglen=32) are not supported); got ${shown(opclass)}`;
  }
  return undefined;
}

function text(value: unknown, at: Where, where: string, allowEmpty = false): void {
  if (typeof value !== "string" || (!allowEmpty && value === "")) at.fail(`${where} must be a non-empty string; got ${shown(value)}`);
}

function keys(value: object, known: readonly string[], at: Where, where: string): void {
  // The message's text is built only for an unknown key.
  for (const key of Object.keys(value)) if (!known.includes(key)) checkKeys(value, known, `${at.op} ${where}`, (message) => at.error(message));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function safeDescribe(op: Op): string {
  try {
    return describeOp(op);
  } catch {
    return `${op.kind}()`;
  }
}
