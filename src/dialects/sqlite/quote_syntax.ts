import type { QuoteSyntax } from "../sql/lexer.ts";

/**
 * SQLite's lexical rules: '...' strings without backslash escapes; "...", `...` and [...] identifiers;
 * `--` and `/* *\/` comments that do not nest; no dollar quotes (`$name` is a parameter or part of a name).
 */
export const SQLITE_QUOTES: QuoteSyntax = { dollarQuotes: false, nestedComments: false, bracketIdentifiers: true };
