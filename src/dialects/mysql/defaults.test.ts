import { describe, expect, test } from "bun:test";
import { readDefault } from "./defaults.ts";

describe("readDefault", () => {
  test("values and expressions, as MariaDB and MySQL give them", () => {
    expect(readDefault("'x'", "varchar(10)", "", true)).toBe("x");
    expect(readDefault("current_timestamp(3)", "datetime(3)", "", true)).toEqual({ sql: "current_timestamp(3)" });
    expect(readDefault("NULL", "int(11)", "", true)).toBeUndefined();
    expect(readDefault("x", "varchar(10)", "", false)).toBe("x");
    expect(readDefault("CURRENT_TIMESTAMP(3)", "datetime(3)", "DEFAULT_GENERATED", false)).toEqual({ sql: "CURRENT_TIMESTAMP(3)" });
  });

  // EXTRA holds the clause: without it a column that sets itself on every UPDATE looks like one that does not.
  test("ON UPDATE CURRENT_TIMESTAMP is part of the default", () => {
    expect(readDefault("current_timestamp(3)", "datetime(3)", "on update current_timestamp(3)", true)).toEqual({
      sql: "current_timestamp(3) ON UPDATE current_timestamp(3)",
    });
    expect(readDefault("NULL", "timestamp(6)", "on update current_timestamp(6)", true)).toEqual({ sql: "NULL ON UPDATE current_timestamp(6)" });
    expect(readDefault("'2000-01-01 00:00:00'", "datetime", "on update current_timestamp()", true)).toEqual({
      sql: "'2000-01-01 00:00:00' ON UPDATE current_timestamp()",
    });
    expect(readDefault("CURRENT_TIMESTAMP", "timestamp", "DEFAULT_GENERATED on update CURRENT_TIMESTAMP", false)).toEqual({
      sql: "CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP",
    });
    // MySQL gives a nullable column's DEFAULT NULL as no default.
    expect(readDefault(null, "timestamp", "on update CURRENT_TIMESTAMP", false, true)).toEqual({ sql: "NULL ON UPDATE CURRENT_TIMESTAMP" });
    expect(readDefault(null, "timestamp", "on update CURRENT_TIMESTAMP", false, false)).toBeUndefined();
    expect(readDefault("2000-01-01 00:00:00", "datetime", "on update CURRENT_TIMESTAMP", false)).toEqual({
      sql: "'2000-01-01 00:00:00' ON UPDATE CURRENT_TIMESTAMP",
    });
  });
});
