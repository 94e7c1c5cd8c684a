/**
 * Connecting to a port where PostgreSQL (or MySQL) is not: a service that answers something else, one
 * that closes without answering, one that accepts and stays silent. The binary must give up within the
 * connect deadline (one deadline, whichever way it is spelled) with one line saying what happened.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { binary, ensureBinary } from "./binary.ts";
import { removeDir, tempDir } from "./project.ts";

/** What a fake server does with a connection. */
type Behaviour = "http" | "close" | "silent" | "greet";

const servers: Server[] = [];
const sockets = new Set<Socket>();
const ports: Partial<Record<Behaviour, number>> = {};
let dir: string;

function fakeServer(behaviour: Behaviour): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    if (behaviour === "greet") socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    if (behaviour === "http") socket.once("data", () => socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    if (behaviour === "close") socket.once("data", () => socket.end());
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  ensureBinary();
  for (const b of ["http", "close", "silent", "greet"] as const) ports[b] = await fakeServer(b);
  dir = tempDir("migrator-deadline-");
  mkdirSync(join(dir, "migrations", "versions"), { recursive: true });
}, 120_000);

afterAll(() => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  removeDir(dir);
});

/** Run `current` against a URL; the time it took and its one error line. */
async function current(url: string, args: string[] = [], cwd = dir): Promise<{ code: number; error: string; ms: number }> {
  const started = Date.now();
  const proc = Bun.spawn([binary, "current", "--url", url, ...args], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd }, stderr: "pipe", stdout: "ignore" });
  const guard = setTimeout(() => proc.kill(9), 20_000);
  const code = await proc.exited;
  clearTimeout(guard);
  const lines = (await new Response(proc.stderr).text()).trim().split("\n");
  expect(lines).toHaveLength(1);
  return { code, error: lines[0] ?? "", ms: Date.now() - started };
}

describe("a PostgreSQL URL whose port is not PostgreSQL", () => {
  test("a server answering HTTP: an error at once, whatever the sslmode", async () => {
    for (const ssl of ["?sslmode=disable", "", "?sslmode=require"]) {
      const r = await current(`postgresql://postgres@127.0.0.1:${ports.http}/test${ssl}`, ["--connect-timeout", "5"]);
      expect(r.code).toBe(1);
      expect(r.ms).toBeLessThan(3000);
      if (ssl !== "?sslmode=require") {
        expect(r.error).toContain(`the server at 127.0.0.1:${ports.http} did not answer as PostgreSQL (it sent "HTTP/1.1 400 Bad Request`);
      }
    }
  }, 30_000);

  test("a server that closes without answering", async () => {
    const r = await current(`postgresql://postgres@127.0.0.1:${ports.close}/test?sslmode=disable`, ["--connect-timeout", "5"]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(3000);
    expect(r.error).toContain(`the server at 127.0.0.1:${ports.close} closed the connection without answering as PostgreSQL`);
  }, 30_000);
});

describe("one connect deadline, however it is given", () => {
  test("--connect-timeout 1 against a silent server: gone within 1.5 s, the flag named", async () => {
    for (const ssl of ["", "?sslmode=disable"]) {
      const r = await current(`postgresql://postgres@127.0.0.1:${ports.silent}/test${ssl}`, ["--connect-timeout", "1"]);
      expect(r.code).toBe(6);
      expect(r.ms).toBeGreaterThanOrEqual(1000);
      expect(r.ms).toBeLessThan(1500);
      expect(r.error).toContain("no answer within 1 s, the deadline set by --connect-timeout");
    }
  }, 30_000);

  test("connect_timeout in the URL", async () => {
    const r = await current(`postgresql://postgres@127.0.0.1:${ports.silent}/test?connect_timeout=1`);
    expect(r.ms).toBeLessThan(1500);
    expect(r.error).toContain("no answer within 1 s, the deadline set by connect_timeout in the URL");
  }, 30_000);

  test("connect_timeout in the config file", async () => {
    const project = tempDir("migrator-deadline-ini-");
    try {
      mkdirSync(join(project, "migrations", "versions"), { recursive: true });
      writeFileSync(join(project, "migrator.ini"), "[migrator]\nconnect_timeout = 1\n");
      const r = await current(`postgresql://postgres@127.0.0.1:${ports.silent}/test`, [], project);
      expect(r.ms).toBeLessThan(1500);
      expect(r.error).toMatch(/no answer within 1 s, the deadline set by "connect_timeout" in \[migrator\] \(.*migrator\.ini:2\)/);
    } finally {
      removeDir(project);
    }
  }, 30_000);
});

describe("the same for MySQL", () => {
  test("a silent server, and one that waits for a request (HTTP): the deadline holds and is named", async () => {
    for (const port of [ports.silent, ports.http]) {
      const r = await current(`mysql://root@127.0.0.1:${port}/test`, ["--connect-timeout", "1"]);
      expect(r.code).toBe(6);
      expect(r.ms).toBeLessThan(1500);
      expect(r.error).toContain("no answer within 1 s, the deadline set by --connect-timeout");
    }
  }, 30_000);

  test("a server that speaks first and closes: an error at once", async () => {
    const r = await current(`mysql://root@127.0.0.1:${ports.greet}/test`, ["--connect-timeout", "5"]);
    expect(r.code).toBe(6);
    expect(r.ms).toBeLessThan(3000);
    expect(r.error).toContain("closed the connection before the MySQL handshake was done; is it a MySQL server?");
  }, 30_000);
});
