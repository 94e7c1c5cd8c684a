import { expect, test } from "bun:test";
import { mysqlForVersion } from "./mysql/dialect.ts";
import { postgresForVersion } from "./postgres/dialect.ts";
import { ConfigError } from "../errors.ts";

test("PostgreSQL server_version: 18 takes virtual generated columns, 16 does not; a text naming no version is a ConfigError", () => {
  expect(postgresForVersion("18").capabilities.virtualGeneratedColumns).toBe(true);
  expect(postgresForVersion("PostgreSQL 18.4").capabilities.virtualGeneratedColumns).toBe(true);
  expect(postgresForVersion("16.2").capabilities.virtualGeneratedColumns).toBe(false);
  for (const bad of ["sixteen", "9.6", "16.x"]) expect(() => postgresForVersion(bad)).toThrow(ConfigError);
});

test("MySQL server_version: 8.0.13+ takes expression indexes; MariaDB (named, or a major of 10+) and older MySQL do not", () => {
  expect(mysqlForVersion("8.0.36").capabilities.expressionIndexes).toBe(true);
  expect(mysqlForVersion("MySQL 8.4").capabilities.expressionIndexes).toBe(true);
  expect(mysqlForVersion("8.0.12").capabilities.expressionIndexes).toBe(false);
  expect(mysqlForVersion("MariaDB 10.11").capabilities.expressionIndexes).toBe(false);
  expect(mysqlForVersion("11.4.2").capabilities.expressionIndexes).toBe(false);
  expect(mysqlForVersion("10.11.6-MariaDB-0+deb12u1").capabilities.expressionIndexes).toBe(false);
  expect(() => mysqlForVersion("5.5.5-10.11.6-MariaDB").compile({ kind: "createIndex", name: "ix", table: { name: "t" }, columns: [{ expression: "lower(a)" }] }, {} as never)).toThrow("MariaDB 10.11.6 has no expression indexes");
  for (const bad of ["eight", "8", "MySQL"]) expect(() => mysqlForVersion(bad)).toThrow(ConfigError);
});
