/**
 * SHA-256 of a text or of bytes, with node:crypto loaded on the first call. Importing node:crypto costs
 * ~3 ms at start-up (it brings Node's streams with it), which a command that hashes nothing (an offline
 * script, `heads`, `history`) should not pay: the revision checksums and the lock keys are online work.
 */
export function sha256(data: string | Uint8Array): Buffer {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.createHash("sha256").update(data).digest();
}

let crypto: typeof import("node:crypto") | undefined;
