/** `migrator completion bash|zsh|fish`: scripts generated from the command table; bash's is run here. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { binary, ensureBinary } from "./binary.ts";
import { removeDir, tempDir } from "./project.ts";

beforeAll(() => void ensureBinary(), 120_000);
const dir = tempDir("migrator-completion-");
afterAll(() => removeDir(dir));

function script(shell: string): string {
  const p = Bun.spawnSync([binary, "completion", shell], { cwd: dir });
  expect(p.exitCode).toBe(0);
  return p.stdout.toString();
}

describe("shell completion", () => {
  test("bash: commands, options of the command given (after global options and their values), shells", () => {
    writeFileSync(join(dir, "c.bash"), script("bash"));
    const complete = (words: string[]) => {
      const line = `source ./c.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _migrator; echo "\${COMPREPLY[*]}"`;
      return Bun.spawnSync(["bash", "-c", line], { cwd: dir }).stdout.toString().trim();
    };
    expect(complete(["migrator", "up"])).toBe("upgrade");
    expect(complete(["migrator", "-c", "x.ini", "hi"])).toBe("history");
    expect(complete(["migrator", "upgrade", "--s"])).toBe("--sql --schemas --server-version");
    expect(complete(["migrator", "upgrade", "--urls"])).toBe("--urls-file --urls-query");
    expect(complete(["migrator", "current", "--con"])).toBe("--concurrency --continue-on-error --config --connect-timeout");
    expect(complete(["migrator", "-n", "primary", "current", "--check"])).toBe("--check-heads");
    expect(complete(["migrator", "completion", ""])).toBe("bash zsh fish");
    expect(complete(["migrator", "--ur"])).toBe("--url");
  });

  test("zsh and fish: every command and its options are named", () => {
    const zsh = script("zsh");
    expect(zsh).toStartWith("#compdef migrator\n");
    expect(zsh).toContain("'upgrade:upgrade to a later revision'");
    expect(zsh).toContain("'--check-heads[");
    const fish = script("fish");
    expect(fish).toContain("-a upgrade -d 'upgrade to a later revision'");
    expect(fish).toContain('complete -c migrator -n "__fish_seen_subcommand_from current" -l check-heads');
    expect(Bun.spawnSync([binary, "completion", "tcsh"], { cwd: dir }).stderr.toString()).toBe('error: No completion for the shell "tcsh"; migrator has completion for bash, zsh, fish\n');
  });
});
