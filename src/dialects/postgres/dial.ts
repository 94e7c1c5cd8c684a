import type { Socket } from "node:net";

/** A server that answered, but not as PostgreSQL does (an HTTP server, a proxy, another database). */
export class NotPostgresError extends Error {
  readonly code = "NOT_POSTGRES";
}

/**
 * The first byte a PostgreSQL server sends: "S"/"N" (TLS or not, to an SSLRequest), "R" (authentication),
 * "E" (an error, such as too many connections), "v" (protocol negotiation), or a TLS record (0x16
 * handshake, 0x15 alert) after a direct TLS start.
 */
const FIRST_BYTES = new Set([0x53, 0x4e, 0x52, 0x45, 0x76, 0x16, 0x15]);

/** Whether the first bytes a server sent can come from PostgreSQL. */
export function looksLikePostgres(first: Uint8Array): boolean {
  const kind = first[0];
  if (kind === undefined || !FIRST_BYTES.has(kind)) return false;
  // A message ("R", "E", "v") has a 4-byte length next: under 1 MB for anything a server sends first.
  if ((kind === 0x52 || kind === 0x45 || kind === 0x76) && first.length >= 3) return first[1] === 0 && first[2]! < 0x10;
  return true;
}

/**
 * The `socket` hook of postgres.js: opens the TCP (or Unix) connection itself, so that a server that
 * answers as no PostgreSQL server would, or closes without answering, fails the attempt with
 * NotPostgresError. The driver alone reads such an answer as a message that never ends, or a close as a
 * reason to reconnect, and reconnects in a loop forever. `open` collects the sockets, so that the caller's
 * deadline can destroy one still connecting.
 */
export function dialer(target: { host: string; port: number } | { path: string }, open: Set<Socket>): () => Promise<Socket> {
  const where = "path" in target ? target.path : `${target.host}:${target.port}`;
  return () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = "path" in target ? netConnect(target.path) : netConnect(target.port, target.host);
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      // The driver names the server from these (errors, TLS server name).
      Object.assign(socket, "path" in target ? {} : { host: target.host, port: target.port });
      const failed = (error: Error) => reject(error);
      socket.once("error", failed);
      socket.once("connect", () => {
        socket.off("error", failed);
        watchFirstAnswer(socket, where);
        resolve(socket);
      });
    });
}

function watchFirstAnswer(socket: Socket, where: string): void {
  let answered = false;
  socket.once("data", (chunk: Buffer) => {
    answered = true;
    if (!looksLikePostgres(chunk)) {
      const text = chunk.subarray(0, 40).toString("latin1").replace(/[^\x20-\x7e]+/g, " ").trim();
      socket.destroy(new NotPostgresError(`the server at ${where} did not answer as PostgreSQL${text ? ` (it sent "${text}")` : ""}`));
    }
  });
  socket.once("end", () => {
    if (!answered) socket.destroy(new NotPostgresError(`the server at ${where} closed the connection without answering as PostgreSQL`));
  });
}

/**
 * Ask the server to cancel the statement a session is running (the protocol's CancelRequest, on a
 * connection of its own), and wait until the server has read it: it closes that connection then.
 * postgres.js cancels too, but its promise settles before the request is even sent, so a process that
 * exits next never sends it. At most `ms` milliseconds; failures are ignored (the session is ending anyway).
 */
export function sendCancelRequest(target: { host: string; port: number } | { path: string }, key: { pid: number; secret: number }, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = "path" in target ? netConnect(target.path) : netConnect(target.port, target.host);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.on("error", done);
    socket.on("close", done);
    socket.once("connect", () => {
      const message = Buffer.alloc(16);
      message.writeInt32BE(16, 0);
      message.writeInt32BE(80877102, 4);
      message.writeInt32BE(key.pid, 8);
      message.writeUInt32BE(key.secret >>> 0, 12);
      socket.end(message);
    });
  });
}

/**
 * node:net's connect, with node:net loaded on the first connection: importing it costs ~3 ms at start-up
 * (it brings Node's streams), which a command that connects to no server (an offline script) should not pay.
 */
export function netConnect(...args: [path: string] | [port: number, host: string]): Socket {
  net ??= process.getBuiltinModule("node:net");
  return args.length === 1 ? net.connect(args[0]) : net.connect(args[0], args[1]);
}

let net: typeof import("node:net") | undefined;
