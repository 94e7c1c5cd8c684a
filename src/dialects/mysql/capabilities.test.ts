import { expect, test } from "bun:test";
import { hasDescendingIndexes, hasExpressionIndexes, MYSQL_CAPABILITIES, parseServerVersion, serverCapabilities, serverName } from "./capabilities.ts";

test("VERSION() strings of MySQL and MariaDB", () => {
  expect(parseServerVersion("8.0.36")).toEqual({ mariadb: false, major: 8, minor: 0, patch: 36 });
  expect(parseServerVersion("10.11.19-MariaDB-0+deb12u1")).toEqual({ mariadb: true, major: 10, minor: 11, patch: 19 });
  expect(parseServerVersion("5.5.5-10.6.18-MariaDB-log")).toEqual({ mariadb: true, major: 10, minor: 6, patch: 18 });
  expect(parseServerVersion("8.4.2-commercial")).toEqual({ mariadb: false, major: 8, minor: 4, patch: 2 });
  expect(serverName(parseServerVersion("11.4.2-MariaDB"))).toBe("MariaDB 11.4.2");
});

test("expression indexes: MySQL from 8.0.13, MariaDB never", () => {
  const has = (v: string) => hasExpressionIndexes(parseServerVersion(v));
  expect(has("5.7.44")).toBe(false);
  expect(has("8.0.12")).toBe(false);
  expect(has("8.0.13")).toBe(true);
  expect(has("8.0.36-0ubuntu0.22.04.1")).toBe(true);
  expect(has("8.4.0")).toBe(true);
  expect(has("9.1.0")).toBe(true);
  expect(has("10.11.19-MariaDB-0+deb12u1")).toBe(false);
  expect(has("11.8.2-MariaDB")).toBe(false);
  expect(has("")).toBe(false);
  expect(serverCapabilities(parseServerVersion("8.0.13"))).toEqual({ ...MYSQL_CAPABILITIES, expressionIndexes: true });
  expect(serverCapabilities(parseServerVersion("10.11.19-MariaDB"))).toEqual(MYSQL_CAPABILITIES);
});

test("descending key parts kept: MySQL from 8.0, MariaDB from 10.8 (older ones parse DESC and build ascending keys)", () => {
  const has = (v: string) => hasDescendingIndexes(parseServerVersion(v));
  expect(has("5.7.44")).toBe(false);
  expect(has("8.0.12")).toBe(true);
  expect(has("10.6.18-MariaDB-log")).toBe(false);
  expect(has("5.5.5-10.7.8-MariaDB")).toBe(false);
  expect(has("10.8.1-MariaDB")).toBe(true);
  expect(has("10.11.19-MariaDB-0+deb12u1")).toBe(true);
  expect(has("11.4.2-MariaDB")).toBe(true);
});
