import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** SHA-256 (hex) of a revision's file as stored, the same for a .ts and a .sql revision. */
export function revisionChecksum(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
