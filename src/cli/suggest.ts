/** What an unknown command name means: another tool's name for one of ours, or a typo of one. */
import { editDistance } from "../edit_distance.ts";
import { COMMANDS } from "./spec.ts";

/** Names of Alembic and dbmate that migrator runs as its own command. */
export const ALIASES: Readonly<Record<string, string>> = { up: "upgrade" };

/** Names of Alembic and dbmate whose meaning takes another command line here: said, not guessed. */
const OTHER_TOOLS: Readonly<Record<string, string>> = {
  down: 'to revert the last revision, run "migrator downgrade -1" (dbmate\'s down)',
  rollback: 'to revert the last revision, run "migrator downgrade -1" (dbmate\'s rollback)',
  status: 'run "migrator history -i" (every revision, the applied ones marked) or "migrator current" (dbmate\'s status)',
  edit: 'open the file that "migrator show REVISION" names in its Path line (Alembic\'s edit)',
  migrate: 'run "migrator upgrade" (dbmate\'s migrate)',
  new: 'run "migrator revision -m MESSAGE" (dbmate\'s new)',
  "dump": "migrator does not dump schemas; \"migrator upgrade --sql\" prints the SQL of the revisions",
};

/** The advice for an unknown command name, after "Unknown command "name"". */
export function unknownCommandAdvice(name: string): string {
  const other = OTHER_TOOLS[name];
  if (other) return `: ${other}`;
  const close = Object.keys(COMMANDS)
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(c.length / 3)) || (name.length >= 3 && c.startsWith(name)))
    .sort((a, b) => a.d - b.d)
    .map(({ c }) => `"${c}"`);
  if (close.length > 0) return `; did you mean ${close.slice(0, 3).join(" or ")}? (run "migrator --help" for the list of commands)`;
  return `; run "migrator --help" for the list of commands`;
}

