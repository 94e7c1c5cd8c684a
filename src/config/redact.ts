import { dialectForScheme } from "../dialects/registry.ts";
import { percentDecode, splitUrl, userInfoEnd } from "./url_split.ts";

const MASK = "***";
/** Query parameters whose values are secrets (`password`, `sslpassword`, `authToken`, `api_key`...). */
const SECRET_PARAM = /pass|pwd|secret|token|key/i;
const HOST_PORT = /^(?:\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/;

/**
 * The URL with its password, and the values of secret query parameters, replaced by `***`. Never
 * throws; a malformed URL (no scheme, unencoded "@", "/" or "?" in the password) is still masked.
 */
export function redactUrl(url: string): string {
  const parts = splitUrl(url);
  const base = parts.scheme.split("+")[0];
  // A file URL (the registry says which schemes name files) has no user info to mask.
  if (base !== undefined && dialectForScheme(base.toLowerCase())?.entry.location === "file") return maskParams(url);
  // Without "//", "user:pass@host" may have been taken for "scheme:body": look at the whole text.
  const start = parts.slashes ? parts.bodyStart : 0;
  const body = url.slice(start);
  let at = parts.slashes ? parts.at : userInfoEnd(body);
  const hostPort = body.slice(at + 1).split(/[/?]/, 1)[0] ?? "";
  // When the split leaves no valid host:port, it was probably wrong: mask up to the last "@".
  if (!HOST_PORT.test(hostPort)) at = body.lastIndexOf("@");
  if (at < 0) return url.slice(0, start) + maskParams(body);
  const info = body.slice(0, at);
  const colon = info.indexOf(":");
  const user = colon < 0 ? info : `${info.slice(0, colon + 1)}${MASK}`;
  return url.slice(0, start) + user + maskParams(body.slice(at));
}

function maskParams(text: string): string {
  const q = text.indexOf("?");
  if (q < 0) return text;
  const query = text
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq >= 0 && SECRET_PARAM.test(pair.slice(0, eq)) ? `${pair.slice(0, eq + 1)}${MASK}` : pair;
    });
  return `${text.slice(0, q + 1)}${query.join("&")}`;
}

/**
 * The secrets a URL holds (its password and secret query parameters), as written and decoded, for
 * `redactSecrets`. Never throws.
 */
export function urlSecrets(url: string): string[] {
  const secrets = new Set<string>();
  const parts = splitUrl(url);
  const body = parts.slashes ? parts.body : url;
  const at = parts.slashes ? parts.at : userInfoEnd(body);
  for (const end of new Set([at, body.lastIndexOf("@")])) {
    if (end < 0) continue;
    const info = body.slice(0, end);
    const colon = info.indexOf(":");
    if (colon >= 0) secrets.add(info.slice(colon + 1));
  }
  const q = body.indexOf("?", Math.max(at, 0));
  if (q >= 0) {
    for (const pair of body.slice(q + 1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq >= 0 && SECRET_PARAM.test(pair.slice(0, eq))) secrets.add(pair.slice(eq + 1));
    }
  }
  for (const secret of [...secrets]) secrets.add(percentDecode(secret));
  secrets.delete("");
  return [...secrets];
}

/**
 * `text` with every known secret replaced by `***`: as written, percent-encoded (either hex case,
 * fully or partly), with "%" doubled as in an INI file, or backslash-escaped as in JSON. The password
 * of any `scheme://user:password@` URL in the text is masked too.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/]*:)\S*@/g, `$1${MASK}@`);
  const known = [...new Set(secrets)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
  if (known.length === 0) return out;
  const pattern = new RegExp(known.map((s) => [...s].map(charPattern).join("")).join("|"), "g");
  out = out.replace(pattern, MASK);
  return out;
}

const encoder = new TextEncoder();

function charPattern(ch: string): string {
  const encoded = [...encoder.encode(ch)].map((b) => `%%?${hexPattern(b)}`).join("");
  const forms = [escapeRegExp(ch), encoded];
  if (ch === " ") forms.push("\\+");
  if (ch === "%") forms.push("%%");
  if (ch === '"' || ch === "\\") forms.push(`\\\\${escapeRegExp(ch)}`);
  return `(?:${forms.join("|")})`;
}

function hexPattern(byte: number): string {
  return [...byte.toString(16).padStart(2, "0")]
    .map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d))
    .join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
