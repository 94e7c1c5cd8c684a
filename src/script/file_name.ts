/**
 * Which files of a versions folder are revisions: one owner for the scan (directory.ts) and for the files
 * Bun's loader is handed the scan's text of (load.ts), so that the loader never takes a file the scan did
 * not read (a helper module, which may be CommonJS).
 */

/**
 * A revision's name up to its extension: not starting with "_" or "." (helpers, hidden files), not a
 * declaration file (`.d.ts`) or a test (`.test.ts`, `.spec.js`).
 */
const NAME = String.raw`(?![_.])(?![^\\/]*\.d\.[mc]?ts$)(?![^\\/]*\.(?:test|spec)\.[mc]?[jt]s$)[^\\/]*`;

/** The name of a revision file: `.ts`, `.mts`, `.js`, `.mjs` or `.sql`. One pattern, tested once per folder entry. */
export const REVISION_FILE_RE: RegExp = new RegExp(`^${NAME}\\.(?:ts|mts|js|mjs|sql)$`);

/** The source of a pattern for the name of a revision module (not `.sql`), to follow a folder and a separator. */
export const REVISION_MODULE_NAME: string = `${NAME}\\.m?[jt]s`;
