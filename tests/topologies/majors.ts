/**
 * The backend suite's PostgreSQL tests on every major unpacked under .tmp/pg (fetch_postgres.sh): each
 * major gets a cluster of its own on a loopback port, the suite runs with MIGRATOR_TEST_PG_URL pointing
 * at it, the cluster is stopped. Prints one line per major and ends with "N passed, N failed".
 * Usage: bun run tests/topologies/majors.ts [test file or folder...]   (default: tests/backend)
 */
import { majorBinaries, startCluster, unpackedMajors } from "./servers.ts";

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["tests/backend"];
let passed = 0;
let failed = 0;
const majors = unpackedMajors();
if (majors.length === 0) {
  console.log("no PostgreSQL major unpacked under .tmp/pg: run tests/topologies/fetch_postgres.sh");
  failed = 1;
}
for (const major of majors) {
  const started = Date.now();
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
  try {
    cluster = await startCluster(majorBinaries(major));
    const run = Bun.spawnSync([process.execPath, "test", "--timeout", "60000", "-t", "postgres", ...files], {
      env: { ...process.env, MIGRATOR_TEST_PG_URL: cluster.url("postgres") },
      stdout: "pipe",
      stderr: "pipe",
    });
    const out = run.stdout.toString() + run.stderr.toString();
    const pass = Number(/^\s*(\d+) pass/m.exec(out)?.[1] ?? 0);
    const fail = Number(/^\s*(\d+) fail/m.exec(out)?.[1] ?? (run.exitCode === 0 ? 0 : 1));
    passed += pass;
    failed += fail === 0 && run.exitCode !== 0 ? 1 : fail;
    if (fail > 0 || run.exitCode !== 0) console.log(out.split("\n").filter((l) => /\(fail\)|error:|Expected|Received|^\s*[-+] /.test(l)).slice(0, 60).join("\n"));
    console.log(`PostgreSQL ${major}: ${pass} passed, ${fail} failed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (error) {
    failed++;
    console.log(`PostgreSQL ${major}: ${(error as Error).message}`);
  } finally {
    await cluster?.stop().catch(() => {});
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
