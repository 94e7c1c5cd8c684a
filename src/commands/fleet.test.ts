import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { chain, removeDir, tempDir, testConfig, writeProject } from "../../tests/project.ts";
import { urlTarget } from "../fleet/target.ts";
import { currentFleet, upgradeFleet } from "./fleet.ts";

const dir = tempDir("migrator-fleet-lib-");
afterAll(() => removeDir(dir));
writeProject(dir, chain(2));
// The project; each target brings its own URL.
const base = testConfig(dir, "sqlite:///unused.db");

test("upgradeFleet: each target's result in the targets' order; a failure is a result, with no password, and sets exitCode", async () => {
  const targets = [
    urlTarget(base, `sqlite:///${join(dir, "a.db")}`, "a"),
    urlTarget(base, "postgresql://u:T0pSecret@127.0.0.1:1/x", "down"),
    urlTarget(base, `sqlite:///${join(dir, "b.db")}`),
  ];
  const seen: string[] = [];
  const result = await upgradeFleet({ targets, revision: "head", concurrency: 1, continueOnError: true, onResult: (t) => seen.push(`${t.name} ${t.status}`) });
  expect(result.targets.map((t) => [t.name, t.status])).toEqual([["a", "ok"], ["down", "failed"], [join(dir, "b.db"), "ok"]]);
  expect(seen).toEqual(["a ok", "down failed", `${join(dir, "b.db")} ok`]);
  expect(result.targets[0]!.result!.heads).toEqual(["r2"]);
  expect(result.targets[1]!.error!.exitCode).toBe(6);
  expect(result.targets[1]!.error!.message).not.toContain("T0pSecret");
  expect(result.exitCode).toBe(6);
  const states = await currentFleet({ targets: [targets[0]!, targets[2]!], checkHeads: true });
  expect([states.exitCode, states.targets.map((t) => t.result?.heads)]).toEqual([0, [["r2"], ["r2"]]]);
});

test("a concurrency that is not a whole number of 1 or more is refused, not a run that starts no database", async () => {
  const targets = [urlTarget(base, `sqlite:///${join(dir, "c.db")}`, "c")];
  for (const concurrency of [Number.NaN, 0, 2.5]) {
    const error = await upgradeFleet({ targets, revision: "head", concurrency }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain("concurrency takes a whole number");
  }
});
