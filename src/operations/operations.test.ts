import { expect, test } from "bun:test";
import type { Op } from "./ops.ts";
import { Operations, type OpSink } from "./operations.ts";

/** A sink that records the ops it runs and refuses those on the table named "bad". */
function sink(ran: string[]): OpSink {
  return {
    run: async (op: Op) => {
      if ("table" in op && op.table?.name === "bad") throw new Error(`refused ${op.kind}`);
      ran.push(`${op.kind} ${"table" in op ? op.table?.name : ""}`);
    },
    query: async () => [],
    autocommit: async (fn) => await fn(),
    literal: String,
    quote: (name) => `"${name}"`,
    inspect: async () => ({ schemas: [], tables: [], enums: [], sequences: [] }),
  };
}

const context = {
  dialect: "postgres",
  capabilities: { transactionalDdl: true, maxIdentifierLength: 63 } as never,
  quoteSyntax: {},
  offline: true,
  x: {},
  config: {},
};

test("ops run in the order they are called, awaited or not; flush() waits for them all", async () => {
  const ran: string[] = [];
  const op = new Operations(sink(ran), context);
  void op.createTable("a", [{ name: "id", type: "integer" }]);
  void op.createIndex("ix_a", "a", ["id"]);
  await op.dropTable("b");
  await op.flush();
  expect(ran).toEqual(["createTable a", "createIndex a", "dropTable b"]);
});

test("an op that fails fails the ops after it and flush(), with its own error; not awaiting it is no unhandled rejection", async () => {
  const ran: string[] = [];
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", listener);
  try {
    const op = new Operations(sink(ran), context);
    void op.createTable("a", [{ name: "id", type: "integer" }]);
    void op.dropTable("bad");
    const after = op.dropTable("c");
    // A wrong argument is refused the same way, as the op's rejection.
    const invalid = op.createTable("d", "oops" as never);
    await expect(after).rejects.toThrow("refused dropTable");
    await expect(invalid).rejects.toThrow("refused dropTable");
    await expect(op.flush()).rejects.toThrow("refused dropTable");
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran).toEqual(["createTable a"]);
    expect(unhandled).toEqual([]);
  } finally {
    process.off("unhandledRejection", listener);
  }
});

test("a wrong argument is the op's rejection, not a synchronous throw", async () => {
  const op = new Operations(sink([]), context);
  const result = op.createTable("d", "oops" as never);
  expect(result).toBeInstanceOf(Promise);
  await expect(result).rejects.toThrow(/columns must be an array/);
  await expect(op.flush()).rejects.toThrow(/columns must be an array/);
});

test("an op takes its arguments as they are when it is called, dropConstraint's query too", async () => {
  const ran: Op[] = [];
  const recording: OpSink = { ...sink([]), run: async (op: Op) => void ran.push(op) };
  const op = new Operations(recording, context);
  const defs = [{ name: "id", type: "integer" }];
  const columns = ["a"];
  void op.createTable("t", defs);
  void op.dropConstraint({ table: "t", type: "foreign", columns });
  defs.push({ name: "b", type: "text" });
  defs[0]!.name = "changed";
  columns.push("b");
  await op.flush();
  expect(ran.map((o) => ("columns" in o ? o.columns : undefined))).toEqual([[{ name: "id", type: "integer" }], ["a"]]);
});

test("arguments that contain themselves fail the op through the queue, not as a throw from the call", async () => {
  const op = new Operations(sink([]), context);
  const row: Record<string, unknown> = { id: 1 };
  row["self"] = row;
  const issued = op.bulkInsert("t", [row]);
  await expect(issued).rejects.toThrow("contain themselves");
  await expect(op.flush()).rejects.toThrow("contain themselves");
});
