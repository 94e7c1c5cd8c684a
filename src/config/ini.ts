import { ConfigError, oneLine } from "../errors.ts";

/**
 * An INI reader that follows Python's configparser as Alembic uses it (`ConfigParser()`, strict):
 * `[section]` headers, `key = value` or `key: value` (split at the first `=` or `:`), lower-cased
 * keys, full-line `#`/`;` comments only (a `#` inside a value is kept), indented continuation lines
 * joined with "\n", empty lines kept inside a multi-line value, duplicate sections and keys rejected.
 * Values are stored raw; `resolveIniSection` (ini_section.ts) interpolates them.
 */

/** One `key = value`, with the value as written (continuations joined, no interpolation). */
export interface IniEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line of the key. */
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  /** 1-based line of the `[name]` header. */
  readonly line: number;
  /** Entries by lower-cased key, in file order. */
  readonly entries: ReadonlyMap<string, IniEntry>;
}

export interface IniDocument {
  /** File name used in error messages. */
  readonly file: string;
  /** The `[DEFAULT]` section's entries, visible in every section. */
  readonly defaults: ReadonlyMap<string, IniEntry>;
  /** Every other section, in file order. */
  readonly sections: readonly IniSection[];
}

const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/;

interface Open {
  key: string;
  parts: string[];
  line: number;
  target: Map<string, IniEntry>;
}

export function parseIni(text: string, file = "<string>"): IniDocument {
  const defaults = new Map<string, IniEntry>();
  const sections: { name: string; line: number; entries: Map<string, IniEntry> }[] = [];
  let current: Map<string, IniEntry> | null = null;
  let currentName = "";
  let open: Open | null = null;
  let indent = 0;
  let defaultsLine = 0;

  const close = (): void => {
    if (open) open.target.set(open.key, { key: open.key, value: open.parts.join("\n").trimEnd(), line: open.line });
    open = null;
  };

  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const stripped = raw.trim();
    if (stripped.startsWith("#") || stripped.startsWith(";")) return;
    if (stripped === "") {
      open?.parts.push("");
      return;
    }
    const lineIndent = raw.length - raw.trimStart().length;
    if (open && lineIndent > indent) {
      open.parts.push(stripped);
      return;
    }
    close();
    indent = lineIndent;
    const header = SECTION.exec(stripped);
    if (header) {
      const name = header[1] ?? "";
      if (name === "DEFAULT") {
        if (defaultsLine) throw duplicate(file, `Section [DEFAULT]`, defaultsLine, lineNo);
        defaultsLine = lineNo;
        current = defaults;
        currentName = name;
        return;
      }
      const previous = sections.find((s) => s.name === name);
      if (previous) throw duplicate(file, `Section [${name}]`, previous.line, lineNo);
      current = new Map();
      currentName = name;
      sections.push({ name, line: lineNo, entries: current });
      return;
    }
    if (!current) {
      throw new ConfigError(`${file}:${lineNo}: expected a [section] header before "${oneLine(stripped, 60)}"`);
    }
    const option = OPTION.exec(stripped);
    const key = option?.[1]?.toLowerCase();
    if (!option || !key) {
      throw new ConfigError(
        `${file}:${lineNo}: expected "key = value", "key: value" or "[section]", got "${oneLine(stripped, 60)}"`,
      );
    }
    const previous = current.get(key);
    if (previous) throw duplicate(file, `Key "${key}" in [${currentName}]`, previous.line, lineNo);
    open = { key, parts: [option[2] ?? ""], line: lineNo, target: current };
    // Reserve the key now so that a second occurrence in the same section is caught.
    current.set(key, { key, value: "", line: lineNo });
  });
  close();
  return { file, defaults, sections };
}

function duplicate(file: string, what: string, first: number, again: number): ConfigError {
  return new ConfigError(`${file}:${again}: ${what} is defined twice (first on line ${first}); remove one of them`);
}
