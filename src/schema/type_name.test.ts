import { describe, expect, test } from "bun:test";
import { typeName } from "./type_name.ts";

describe("typeName", () => {
  test("a type name as the server reads it: schema, case folding, quotes, array brackets; anything else is no name", () => {
    expect(typeName("mood")).toEqual({ name: "mood", array: false });
    expect(typeName("Mood[]")).toEqual({ name: "mood", array: true });
    expect(typeName({ raw: ' "App"."My Mood" [][3]' })).toEqual({ schema: "App", name: "My Mood", array: true });
    expect(typeName("app.mood")).toEqual({ schema: "app", name: "mood", array: false });
    expect(typeName("character varying(10)")).toBeUndefined();
    expect(typeName("a.b.c")).toBeUndefined();
    expect(typeName("")).toBeUndefined();
  });
});
