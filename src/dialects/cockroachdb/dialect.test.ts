import { expect, test } from "bun:test";
import { cockroachDialect } from "./dialect.ts";

test("CockroachDB index keys take neither NULLS FIRST / LAST nor an operator class", () => {
  expect(cockroachDialect.capabilities).toMatchObject({ indexNullsOrder: false, operatorClasses: false });
});
