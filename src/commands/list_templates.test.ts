import { expect, test } from "bun:test";
import { listTemplates } from "./list_templates.ts";

test("listTemplates returns name and description of each built-in template", () => {
  const list = listTemplates();
  expect(list.find((t) => t.name === "generic")?.description).toStartWith("Generic single-database");
  expect(list.every((t) => Object.keys(t).sort().join() === "description,name")).toBe(true);
});
