import { expect, test } from "bun:test";
import { unqualifiedViewDefinition } from "./view_definition.ts";

test("the view's own database goes from names, not from strings, comments or other databases' names", () => {
  expect(unqualifiedViewDefinition("select `app`.`t`.`id` AS `id` from `app`.`t` where `app`.`t`.`active` <> 0", "app")).toBe(
    "select `t`.`id` AS `id` from `t` where `t`.`active` <> 0",
  );
  expect(unqualifiedViewDefinition("select 'it\\'s `app`.x' AS `s`, '`app`.' AS `t` from `app`.`t`", "app")).toBe("select 'it\\'s `app`.x' AS `s`, '`app`.' AS `t` from `t`");
  expect(unqualifiedViewDefinition("select `other`.`t`.`id` AS `id` from `other`.`t` /* `app`. */", "app")).toBe("select `other`.`t`.`id` AS `id` from `other`.`t` /* `app`. */");
  // A name equal to the database but not followed by a dot (an alias) stays; doubled backquotes are one.
  expect(unqualifiedViewDefinition("select 1 AS `app` from `a``b`.`t`", "a`b")).toBe("select 1 AS `app` from `t`");
});
