/**
 * The backend suite's PostgreSQL tests on every major unpacked under .tmp/pg (fetch_postgres.sh): each
 * major gets a cluster of its own on a loopback port, the suite runs with MIGRATOR_TEST_PG_URL pointing
 * at it, the cluster is stopped. Two majors at a time (MAJORS_PARALLEL): a run waits mostly on its
 * server, which works on one core. Each run has a deadline (MAJORS_DEADLINE_S, 420 s), and all of them
 * one budget (MAJORS_BUDGET_S, 540 s, under the 600 s CI gives the step): a run past either is killed
 * with what it started and counted as failed, a major left without time is counted as failed unrun,
 * and the others still report. The autogenerate fuzzer's seeds (about 45 s
 * a major) run on the newest major only, unless MAJORS_FUZZ=all: PostgreSQL 15, CI's own server, runs
 * them too, and the features that differ by major are each in the round-trip steps that run everywhere.
 * Prints one line per major and ends with "N passed, N failed".
 * Usage: bun run tests/topologies/majors.ts [test file or folder...]   (default: tests/backend)
 */
import { spawn } from "node:child_process";
import { ensureBinary } from "../binary.ts";
import { majorBinaries, startCluster, unpackedMajors } from "./servers.ts";

const named = process.argv.slice(2);
const files = named.length > 0 ? named : ["tests/backend"];
function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0, not "${process.env[name]}"`);
  return value;
}
const parallel = seconds("MAJORS_PARALLEL", 2);
const budgetEnds = Date.now() + seconds("MAJORS_BUDGET_S", 540) * 1000;
const FUZZER = "tests/backend/autogenerate_fuzz.test.ts";
const fuzzEverywhere = process.env["MAJORS_FUZZ"] === "all";
const deadlineMs = seconds("MAJORS_DEADLINE_S", 420) * 1000;
let passed = 0;
let failed = 0;
const majors = unpackedMajors();
if (majors.length === 0) {
  console.log("no PostgreSQL major unpacked under .tmp/pg: run tests/topologies/fetch_postgres.sh");
  failed = 1;
}

async function runMajor(major: number, newest: boolean): Promise<void> {
  const started = Date.now();
  const took = () => ((Date.now() - started) / 1000).toFixed(0);
  const allowedMs = Math.min(deadlineMs, budgetEnds - started);
  if (budgetEnds - started < Math.min(30_000, deadlineMs)) {
    failed++;
    console.log(`PostgreSQL ${major}: not run, the budget of MAJORS_BUDGET_S is spent`);
    return;
  }
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    cluster = await startCluster(majorBinaries(major));
    // Only when the suite is the default one: a fuzzer named on the command line runs everywhere.
    const skipFuzzer = !newest && !fuzzEverywhere && named.length === 0;
    // In a process group of its own: at the deadline the group is killed, with what the tests started.
    const child = spawn(process.execPath, ["test", "--timeout", "60000", "-t", "postgres", ...(skipFuzzer ? ["--path-ignore-patterns", FUZZER] : []), ...files], {
      env: { ...process.env, MIGRATOR_TEST_PG_URL: cluster.url("postgres") },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const chunks: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (d: string) => chunks.push(d));
    }
    let late = false;
    const timer = setTimeout(() => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      late = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, allowedMs);
    // Its output to the end, but no more than 2 s after its exit: a process the tests left behind may hold
    // the pipes open. Such a process is killed then.
    const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    const exitCode = await exited;
    clearTimeout(timer);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // none left
    }
    const out = chunks.join("");
    // A run killed before its summary: the tests it printed as passed.
    const pass = Number(/^\s*(\d+) pass/m.exec(out)?.[1] ?? (late ? out.split("\n").filter((l) => l.startsWith("(pass)")).length : 0));
    const fail = late ? Math.max(1, Number(/^\s*(\d+) fail/m.exec(out)?.[1] ?? 0)) : Number(/^\s*(\d+) fail/m.exec(out)?.[1] ?? (exitCode === 0 ? 0 : 1));
    passed += pass;
    failed += fail === 0 && exitCode !== 0 ? 1 : fail;
    const report: string[] = [];
    const failures = out.split("\n").filter((l) => /\(fail\)|error:|Expected|Received|^\s*[-+] /.test(l));
    if ((fail > 0 || exitCode !== 0) && failures.length > 0) report.push(failures.slice(0, 60).join("\n"));
    if (late) report.push(`PostgreSQL ${major}: killed at its deadline (${(allowedMs / 1000).toFixed(0)} s); the last tests it printed:\n${out.split("\n").filter((l) => /^\((pass|fail)\)/.test(l)).slice(-3).join("\n")}`);
    report.push(`PostgreSQL ${major}: ${pass} passed, ${fail} failed (${took()} s${skipFuzzer ? ", without the fuzzer" : ""})`);
    console.log(report.join("\n"));
  } catch (error) {
    failed++;
    console.log(`PostgreSQL ${major}: ${(error as Error).message}`);
  } finally {
    await cluster?.stop().catch(() => {});
  }
}

// Built (when stale) here once: two runs that each found it stale would build into dist/ at the same time.
ensureBinary();
const newestMajor = Math.max(...majors);
// The newest first: the longest run (with the fuzzer) does not end alone.
const queue = [...majors].sort((a, b) => (a === newestMajor ? -1 : b === newestMajor ? 1 : a - b));
await Promise.all(
  Array.from({ length: Math.min(parallel, queue.length) }, async () => {
    for (let major = queue.shift(); major !== undefined; major = queue.shift()) await runMajor(major, major === newestMajor);
  }),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
