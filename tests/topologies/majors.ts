/**
 * The backend suite's PostgreSQL tests on every major unpacked under .tmp/pg (fetch_postgres.sh): each
 * major gets a cluster of its own on a loopback port, the suite runs with MIGRATOR_TEST_PG_URL pointing
 * at it, the cluster is stopped. Two majors at a time (MAJORS_PARALLEL): a run waits mostly on its
 * server, which works on one core. Each run has a deadline (MAJORS_DEADLINE_S, 420 s): a run past it is
 * killed and counted as failed, and the others still report. The autogenerate fuzzer's seeds (about 45 s
 * a major) run on the newest major only, unless MAJORS_FUZZ=all: PostgreSQL 15, CI's own server, runs
 * them too, and the features that differ by major are each in the round-trip steps that run everywhere.
 * Prints one line per major and ends with "N passed, N failed".
 * Usage: bun run tests/topologies/majors.ts [test file or folder...]   (default: tests/backend)
 */
import { ensureBinary } from "../binary.ts";
import { majorBinaries, startCluster, unpackedMajors } from "./servers.ts";

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["tests/backend"];
const parallel = Math.max(1, Number(process.env["MAJORS_PARALLEL"] ?? 2));
const FUZZER = "tests/backend/autogenerate_fuzz.test.ts";
const fuzzEverywhere = process.env["MAJORS_FUZZ"] === "all";
const deadlineMs = Number(process.env["MAJORS_DEADLINE_S"] ?? 420) * 1000;
let passed = 0;
let failed = 0;
const majors = unpackedMajors();
if (majors.length === 0) {
  console.log("no PostgreSQL major unpacked under .tmp/pg: run tests/topologies/fetch_postgres.sh");
  failed = 1;
}

async function runMajor(major: number, newest: boolean): Promise<void> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    cluster = await startCluster(majorBinaries(major));
    const skipFuzzer = !newest && !fuzzEverywhere;
    const child = Bun.spawn([process.execPath, "test", "--timeout", "60000", "-t", "postgres", ...(skipFuzzer ? ["--path-ignore-patterns", FUZZER] : []), ...files], {
      env: { ...process.env, MIGRATOR_TEST_PG_URL: cluster.url("postgres") },
      stdout: "pipe",
      stderr: "pipe",
    });
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      child.kill("SIGKILL");
    }, deadlineMs);
    const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    clearTimeout(timer);
    const out = stdout + stderr;
    const pass = Number(/^\s*(\d+) pass/m.exec(out)?.[1] ?? 0);
    const fail = late ? Math.max(1, Number(/^\s*(\d+) fail/m.exec(out)?.[1] ?? 0)) : Number(/^\s*(\d+) fail/m.exec(out)?.[1] ?? (exitCode === 0 ? 0 : 1));
    passed += pass;
    failed += fail === 0 && exitCode !== 0 ? 1 : fail;
    const report: string[] = [];
    if (fail > 0 || exitCode !== 0) report.push(out.split("\n").filter((l) => /\(fail\)|error:|Expected|Received|^\s*[-+] /.test(l)).slice(0, 60).join("\n"));
    if (late) report.push(`PostgreSQL ${major}: killed at its deadline (${deadlineMs / 1000} s); the last tests it printed:\n${out.split("\n").filter((l) => /^\((pass|fail)\)/.test(l)).slice(-3).join("\n")}`);
    report.push(`PostgreSQL ${major}: ${pass} passed, ${fail} failed (${seconds()} s${skipFuzzer ? ", without the fuzzer" : ""})`);
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
