import type { DatabaseUrl } from "../../config/url.ts";
import { ConfigError } from "../../errors.ts";
import type { Connection } from "../connection.ts";

/** The part of @libsql/client's Client (and Transaction) that migrator uses. */
export interface LibsqlStatementRunner {
  execute(stmt: { sql: string; args: unknown[] }): Promise<{ columns: string[]; rows: ArrayLike<unknown>[] }>;
  executeMultiple(sql: string): Promise<void>;
}

export interface LibsqlTransactionLike extends LibsqlStatementRunner {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): void;
}

export interface LibsqlClientLike extends LibsqlStatementRunner {
  transaction(mode: "write"): Promise<LibsqlTransactionLike>;
  close(): void;
}

/** The options @libsql/client's createClient gets for a migrator URL. */
export interface LibsqlClientConfig {
  readonly url: string;
  readonly authToken?: string;
}

/**
 * `libsql://host/...?authToken=...`, `https://...`, `http://...` (and `ws(s)://`) → the client's URL and
 * token. The token is the `authToken` (or `auth_token`) parameter, else the URL's password; other query
 * parameters (`tls`) are passed on.
 */
export function libsqlClientConfig(url: DatabaseUrl): LibsqlClientConfig {
  if (!url.host) {
    throw new ConfigError(`A libSQL URL needs a host, e.g. libsql://my-db.example.turso.io?authToken=...`);
  }
  const host = url.host.includes(":") ? `[${url.host}]` : url.host;
  const port = url.port !== undefined ? `:${url.port}` : "";
  const path = url.database !== undefined ? `/${encodeURI(url.database)}` : "";
  const { authToken, auth_token, ...rest } = url.params;
  const query = new URLSearchParams(rest).toString();
  const token = authToken ?? auth_token ?? url.password;
  return {
    url: `${url.scheme}://${host}${port}${path}${query ? `?${query}` : ""}`,
    ...(token !== undefined && token !== "" ? { authToken: token } : {}),
  };
}

/** Open a libSQL server with the pure HTTP/WebSocket client (no native addon, so it works in the compiled binary). */
export async function openLibsql(url: DatabaseUrl): Promise<Connection> {
  const { createClient } = await import("@libsql/client/web");
  const client = createClient(libsqlClientConfig(url)) as unknown as LibsqlClientLike;
  const conn = libsqlConnection(client);
  try {
    await conn.query("SELECT 1");
  } catch (error) {
    client.close();
    throw error;
  }
  return conn;
}

/**
 * Wrap a client in the Connection interface. Over HTTP each plain statement runs on a stream of its own,
 * so a BEGIN sent as a statement would not hold a transaction: begin() opens the client's interactive
 * transaction (one server-side stream, BEGIN IMMEDIATE), every statement until commit() or rollback() runs
 * in it, and they end it. Statements outside a transaction autocommit. The server closes a stream left
 * idle for a while (about 10 s on sqld), so a migration should not pause for long inside its transaction.
 */
export function libsqlConnection(client: LibsqlClientLike): Connection {
  let tx: LibsqlTransactionLike | undefined;
  const runner = (): LibsqlStatementRunner => tx ?? client;
  const end = async (how: "commit" | "rollback") => {
    const open = tx;
    tx = undefined;
    if (!open) return;
    try {
      await (how === "commit" ? open.commit() : open.rollback());
    } finally {
      open.close();
    }
  };
  return {
    async execute(sql, params) {
      if (params && params.length > 0) await runner().execute({ sql, args: params.map(toValue) });
      else await runner().executeMultiple(sql);
    },
    async query<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      const rs = await runner().execute({ sql, args: (params ?? []).map(toValue) });
      return rs.rows.map((row) => Object.fromEntries(rs.columns.map((c, i) => [c, row[i]])) as T);
    },
    get inTransaction() {
      return tx !== undefined;
    },
    async begin() {
      if (tx) throw new Error("A transaction is already open on this libSQL connection");
      tx = await client.transaction("write");
    },
    commit: () => end("commit"),
    rollback: () => end("rollback"),
    async close() {
      const open = tx;
      tx = undefined;
      open?.close();
      client.close();
    },
  };
}

function toValue(value: unknown): unknown {
  if (value === undefined) return null;
  return value;
}
