import { expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { sha256 } from "./sha256.ts";

test("sha256 is node:crypto's SHA-256 of a text or of bytes", () => {
  expect(sha256("migrator:x").toString("hex")).toBe(createHash("sha256").update("migrator:x").digest("hex"));
  const bytes = new Uint8Array([0, 1, 2, 255]);
  expect(sha256(bytes).equals(createHash("sha256").update(bytes).digest())).toBe(true);
  expect(sha256("").toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});
