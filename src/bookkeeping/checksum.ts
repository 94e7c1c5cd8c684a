import { readFileSync } from "node:fs";
import { sha256 } from "../sha256.ts";

/** SHA-256 (hex) of a revision's file as stored, the same for a .ts and a .sql revision. */
export function revisionChecksum(path: string): string {
  return sha256(readFileSync(path)).toString("hex");
}
