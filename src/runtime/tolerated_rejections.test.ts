import { expect, test } from "bun:test";
import { join } from "node:path";

const here = import.meta.dir;

/** A child Bun process that rejects a promise nobody holds, with or without the rejection tolerated. */
async function child(tolerate: boolean, reason: string): Promise<{ code: number; stderr: string }> {
  const script = `
    import { tolerateRejections } from ${JSON.stringify(join(here, "tolerated_rejections.ts"))};
    ${tolerate ? `tolerateRejections((r) => r instanceof Error && r.message === "driver background read");` : ""}
    Promise.reject(new Error(${JSON.stringify(reason)}));
    await new Promise((r) => setTimeout(r, 50));
    console.log("still running");
  `;
  const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe" });
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  return { code: stdout.includes("still running") ? code : code || 1, stderr };
}

test("a tolerated rejection leaves the process running; any other still ends it", async () => {
  expect((await child(true, "driver background read")).code).toBe(0);
  const other = await child(true, "something else");
  expect(other.code).not.toBe(0);
  expect(other.stderr).toContain("something else");
  // Without the test registered, the same rejection ends the process as the runtime does by default.
  expect((await child(false, "driver background read")).code).not.toBe(0);
});
