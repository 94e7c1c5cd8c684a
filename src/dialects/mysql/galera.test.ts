import { expect, test } from "bun:test";
import { galeraViolation } from "./galera.ts";

test("what Galera would not replicate is named, with the fix", () => {
  expect(galeraViolation("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=MyISAM")).toBe(
    "ENGINE=MyISAM tables are not replicated by Galera (only InnoDB is): use ENGINE=InnoDB (or leave ENGINE out)",
  );
  expect(galeraViolation("create table `t` (id int primary key) engine = Aria")).toContain("ENGINE=Aria tables are not replicated");
  expect(galeraViolation("ALTER TABLE t ENGINE=MEMORY")).toContain("ENGINE=MEMORY");
  expect(galeraViolation("LOCK TABLES t WRITE")).toContain("LOCK TABLES holds on this node only");
  expect(galeraViolation("SELECT GET_LOCK('x', 10)")).toContain("GET_LOCK holds on this node only");
  expect(galeraViolation("SET SESSION wsrep_OSU_method = 'RSU'")).toContain("wsrep_OSU_method");
});

test("what it replicates passes", () => {
  expect(galeraViolation("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB")).toBeUndefined();
  expect(galeraViolation("CREATE TABLE t (id INT PRIMARY KEY, engine VARCHAR(10))")).toBeUndefined();
  expect(galeraViolation("CREATE TEMPORARY TABLE t (id INT) ENGINE=MEMORY")).toBeUndefined();
  expect(galeraViolation("INSERT INTO t VALUES (1)")).toBeUndefined();
  expect(galeraViolation("ALTER TABLE t ADD COLUMN b INT")).toBeUndefined();
});

test("a column named engine is not a table option", () => {
  expect(galeraViolation("ALTER TABLE t ADD COLUMN engine VARCHAR(10)")).toBeUndefined();
  expect(galeraViolation("CREATE TABLE t (id INT PRIMARY KEY) ENGINE MyISAM")).toContain("ENGINE=MyISAM");
});
