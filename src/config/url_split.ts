/**
 * Private helpers of url.ts and redact.ts: cutting a database URL into parts without throwing, so
 * that the parser and the redactor agree on where the password is.
 */

export interface UrlParts {
  /** Lower-cased scheme as written, with any `+driver` suffix; "" when there is none. */
  readonly scheme: string;
  /** Whether `//` follows the scheme. */
  readonly slashes: boolean;
  /** Offset in the URL where the text after `scheme:` or `scheme://` starts. */
  readonly bodyStart: number;
  /** Text after `scheme:` or `scheme://`. */
  readonly body: string;
  /** Offset in `body` of the "@" ending the user info, or -1. */
  readonly at: number;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/;

export function splitUrl(url: string): UrlParts {
  const match = SCHEME.exec(url);
  const scheme = match?.[1]?.toLowerCase() ?? "";
  const slashes = match?.[2] !== undefined;
  const bodyStart = match ? match[0].length : 0;
  const body = url.slice(bodyStart);
  return { scheme, slashes, bodyStart, body, at: userInfoEnd(body) };
}

/**
 * The "@" that ends the user info. Passwords pasted unencoded may hold "@", "/", ":", "#" or "?",
 * so this is the last "@"; but when that "@" follows a "?" that comes after a "/", it is in the
 * query string (`h/db?opt=a@b`), and the last "@" before that "?" is taken instead.
 */
export function userInfoEnd(body: string): number {
  const at = body.lastIndexOf("@");
  const query = body.indexOf("?");
  if (at < 0 || query < 0 || at < query) return at;
  const beforeQuery = body.slice(0, query);
  return beforeQuery.includes("/") ? beforeQuery.lastIndexOf("@") : at;
}

/** Percent-decode, leaving malformed sequences (a lone "%") as they are. */
export function percentDecode(text: string): string {
  if (!text.includes("%")) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
