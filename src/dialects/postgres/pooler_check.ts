import type { Socket } from "node:net";
import type { ServerCheck } from "../liveness_watch.ts";
import { netConnect } from "./dial.ts";

/** The SSLRequest message: length 8, code 80877103. Every PostgreSQL server and pooler answers it at once. */
const SSL_REQUEST = new Uint8Array([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * The liveness check behind a pooler (PgBouncer...): a new connection to the pooler sends an SSLRequest and
 * waits for its one-byte answer ("S" or "N"; an "E" is an answer too), then closes. A check that opened a
 * session and ran SELECT 1 would wait in the pooler's queue while the pool is full (the run's own session
 * may hold its last server connection), and cut a healthy statement; this one takes no server connection
 * and no login. It tells that the path to the pooler and the pooler answer, which is what a silent
 * partition between us and the pooler stops; the pooler watches its own server connections.
 */
export function poolerCheck(address: { path: string } | { host: string; port: number }): ServerCheck {
  const open = new Set<Socket>();
  return {
    answers: (deadlineMs) =>
      new Promise<boolean>((resolve) => {
        const socket = "path" in address ? netConnect(address.path) : netConnect(address.port, address.host);
        open.add(socket);
        let settled = false;
        const end = (answered: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          open.delete(socket);
          socket.destroy();
          resolve(answered);
        };
        const timer = setTimeout(() => end(false), Math.max(1, deadlineMs));
        socket.once("connect", () => socket.write(SSL_REQUEST));
        socket.once("data", () => end(true));
        socket.once("error", () => end(false));
        socket.once("close", () => end(false));
      }),
    done() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}
