import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { LockTimeoutError } from "../../errors.ts";
import { removeDir, tempDir } from "../../../tests/project.ts";
import { lockSqliteFile } from "./lock.ts";

const dir = tempDir("migrator-sqlite-lock-");
afterAll(() => removeDir(dir));

test("a lock held by another run times out as LockTimeoutError, not as a file problem", async () => {
  const path = join(dir, "app.db");
  const held = await lockSqliteFile(path, 1000);
  const started = Date.now();
  const error = await lockSqliteFile(path, 300).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(LockTimeoutError);
  expect((error as Error).message).toBe(
    `Another migrator process has held the lock on "${path}" for more than 0.3 s; wait for it to finish or raise lock_timeout (--lock-timeout)`,
  );
  expect(Date.now() - started).toBeLessThan(2000);
  await held.release();
  const next = await lockSqliteFile(path, 300);
  await next.release();
});
