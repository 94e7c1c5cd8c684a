import { expect, test } from "bun:test";
import { looksLikePostgres } from "./dial.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

test("what a PostgreSQL server sends first passes; an HTTP, MySQL or Redis answer does not", () => {
  expect(looksLikePostgres(bytes(0x4e))).toBe(true); // "N": no TLS
  expect(looksLikePostgres(bytes(0x53))).toBe(true); // "S": TLS
  expect(looksLikePostgres(bytes(0x52, 0, 0, 0, 8, 0, 0, 0, 0))).toBe(true); // AuthenticationOk
  expect(looksLikePostgres(bytes(0x45, 0, 0, 0, 0x60))).toBe(true); // ErrorResponse
  expect(looksLikePostgres(bytes(0x16, 3, 3))).toBe(true); // a TLS record (direct TLS)
  expect(looksLikePostgres(text("HTTP/1.1 400 Bad Request\r\n"))).toBe(false);
  expect(looksLikePostgres(bytes(0x5b, 0, 0, 0, 0x0a, 0x35))).toBe(false); // a MySQL greeting
  expect(looksLikePostgres(text("-ERR unknown command\r\n"))).toBe(false); // Redis
  expect(looksLikePostgres(text("RFB 003.008\n"))).toBe(false); // "R" with no sane length: VNC
  expect(looksLikePostgres(bytes())).toBe(false);
});
