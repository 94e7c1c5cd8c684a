/**
 * A test for names against a shell-style pattern (`tenant_*`, `shop_??`), or several separated by
 * commas (`acme,tenant_*`): `*` any run of characters, `?` one character, everything else itself.
 * Shell-style rather than LIKE: `_` is common in schema names, and `%` needs no quoting on a command line.
 */
export function globMatcher(patterns: string): (name: string) => boolean {
  const alternatives = patterns.split(",").map((p) => p.trim()).filter(Boolean);
  const source = alternatives.map((p) => [...p].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join(""));
  const regex = new RegExp(`^(?:${source.join("|")})$`, "s");
  return (name) => alternatives.length > 0 && regex.test(name);
}
