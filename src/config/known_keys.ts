/**
 * The keys migrator reads from a config section, and a warning for a key that looks like a misspelt
 * one (`transaction_per_migraton`). Other keys are the project's own (read by revisions as
 * `op.config`) and pass silently.
 */
import { editDistance } from "../edit_distance.ts";

export const KNOWN_KEYS: readonly string[] = [
  "script_location",
  "version_locations",
  "version_path_separator",
  "path_separator",
  "recursive_version_locations",
  "file_template",
  "truncate_slug_length",
  "timezone",
  "url",
  "sqlalchemy.url",
  "version_table",
  "version_table_schema",
  "server_version",
  "transaction_per_migration",
  "lock_timeout",
  "table_lock_timeout",
  "connect_timeout",
  "network_timeout",
  "wait_timeout",
  "revision_language",
  "databases",
  "target_schema",
  "include_tables",
  "exclude_tables",
  "baseline_schema",
  "post_write_hooks",
  // Alembic's own keys, accepted so that an Alembic file reads without warnings.
  "prepend_sys_path",
  "output_encoding",
  "sourceless",
  "revision_environment",
  "here",
];

/** A key this close to a known one (edits, at most a third of its length) is taken for a typo. */
export function misspeltKey(key: string): string | undefined {
  if (KNOWN_KEYS.includes(key)) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of KNOWN_KEYS) {
    const d = editDistance(key.toLowerCase(), known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

