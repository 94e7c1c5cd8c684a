import { describe, expect, test } from "bun:test";
import { ConfigError } from "../errors.ts";
import { expandEnv } from "./env_expand.ts";

const env = { HOST: "db", EMPTY: "", PW: "p#a;s%s@w:rd", NESTED: "${HOST}" };
const x = (value: string) => expandEnv(value, env, "[s] k (f.ini:1)");

describe("expandEnv", () => {
  test("set, empty and fallback values", () => {
    expect(x("postgres://u:${PW}@${HOST}/app")).toBe("postgres://u:p#a;s%s@w:rd@db/app");
    expect(x("[${EMPTY}]")).toBe("[]");
    expect(x("${EMPTY:-dflt}")).toBe("dflt");
    expect(x("${MISSING:-sqlite:///app.db}")).toBe("sqlite:///app.db");
    expect(x("${HOST:-unused}")).toBe("db");
    expect(x("${MISSING:-}")).toBe("");
  });

  test("fallbacks nest; an unused fallback's missing variable is not an error", () => {
    expect(x("${MISSING:-${HOST:-x}/y}")).toBe("db/y");
    expect(x("${HOST:-${ALSO_MISSING}}")).toBe("db");
  });

  test("values are inserted once, never expanded again; $${ is a literal ${ and a lone $ stays", () => {
    expect(x("${NESTED}")).toBe("${HOST}");
    expect(x("$${HOST} $HOST pa$$word")).toBe("${HOST} $HOST pa$$word");
  });

  test("missing variables and bad syntax are ConfigErrors that say where", () => {
    expect(() => x("${MISSING}")).toThrow(ConfigError);
    expect(() => x("${MISSING}")).toThrow('Environment variable "MISSING" is not set (used in [s] k (f.ini:1))');
    expect(() => x("${MISSING:-${GONE}}")).toThrow('"GONE" is not set');
    expect(() => x("${HOST")).toThrow("[s] k (f.ini:1)");
    expect(() => x("${HOST:-abc")).toThrow('not closed by "}"');
    expect(() => x("${1X}")).toThrow("must be followed by a variable name");
  });
});
