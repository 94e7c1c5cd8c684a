import { editDistance } from "../edit_distance.ts";

/**
 * Refuse properties an object does not take, naming the nearest known one: migrations and schema modules
 * are often written without a type checker, and a typo (`nulable`) must not pass silently. `error` makes
 * the error of the caller's kind (SchemaDeclarationError, OperationArgumentError).
 */
export function checkKeys(value: object, known: readonly string[], where: string, error: (message: string) => Error): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = nearest(key, known);
    throw error(`${where}: unknown property "${key}"${near ? `; did you mean "${near}"?` : ""} (known: ${known.join(", ")})`);
  }
}

/** The known word closest to `word` by edit distance, if close enough to be a typo. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

