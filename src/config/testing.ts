import { expect } from "bun:test";
import { ConfigError } from "../errors.ts";

/** Run `fn`, expect it to throw a ConfigError, and return the error (tests only). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}
