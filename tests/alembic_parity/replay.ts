/**
 * Replays tests/alembic_parity/scenarios.json on migrator's graph code and prints the same lines
 * parity.py prints for Alembic, so the two outputs can be diffed (see README.md).
 * Run: node_modules/.bin/bun tests/alembic_parity/replay.ts > /tmp/ours.txt
 */
import { readFileSync } from "node:fs";
import { RevisionGraph } from "../../src/script/graph.ts";
import { applyStep, stampPlan } from "../../src/script/heads.ts";
import { downgradePlan, rangePlan, upgradePlan } from "../../src/script/plan.ts";
import { getRevisions } from "../../src/script/resolve.ts";
import { revision, type Step, type VersionUpdate } from "../../src/script/revision.ts";
import { historyRevisions } from "../../src/script/walk.ts";

type Rev = [string, string | string[] | null, string | null, string | string[] | null];
type Action = [string, ...unknown[]];
const scenarios = JSON.parse(readFileSync(new URL("./scenarios.json", import.meta.url), "utf8")) as [string, Rev[], Action[]][];

const py = (xs: readonly (string | null)[]) => `[${xs.map((x) => (x === null ? "None" : `'${x}'`)).join(", ")}]`;
const arr = (x: string | string[] | null) => (x === null ? [] : typeof x === "string" ? [x] : x);
const sqlLine = (u: VersionUpdate) =>
  u.kind === "insert" ? `  sql insert ${u.to}` : u.kind === "delete" ? `  sql delete ${u.from}` : `  sql update ${u.to} ${u.from}`;

function run(label: string, fn: () => string[]): void {
  console.log(label);
  try {
    for (const l of fn()) console.log(l);
  } catch (e) {
    console.log(`  !! ${(e as Error).name}: ${(e as Error).message}`);
  }
}

function execute(g: RevisionGraph, start: string[], steps: Step[]): string[] {
  const out: string[] = [];
  let heads = start;
  for (const s of steps) {
    out.push(`  ${s.direction} ${s.revision}`);
    const r = applyStep(g, heads, s);
    heads = r.heads;
    out.push(...r.updates.map(sqlLine));
  }
  return [...out, `  => rows ${py([...heads].sort())}`];
}

function offline(g: RevisionGraph, range: string, dir: "up" | "down"): string[] {
  const { heads: start, steps } = rangePlan(g, range, dir);
  const out: string[] = [];
  let heads = start;
  for (const s of steps) {
    const down = g.parents(s.revision).join(", ");
    out.push(dir === "up" ? `   -- Running upgrade ${down} -> ${s.revision}` : `   -- Running downgrade ${s.revision} -> ${down}`);
    const r = applyStep(g, heads, s);
    heads = r.heads;
    for (const u of r.updates) {
      if (u.kind === "insert") out.push(`  sql INSERT INTO alembic_version (version_num) VALUES ('${u.to}');`);
      if (u.kind === "delete") out.push(`  sql DELETE FROM alembic_version WHERE alembic_version.version_num = '${u.from}';`);
      if (u.kind === "update") {
        out.push(`  sql UPDATE alembic_version SET version_num='${u.to}' WHERE alembic_version.version_num = '${u.from}';`);
      }
    }
  }
  return out;
}

const only = process.argv.slice(2);
for (const [name, revs, actions] of scenarios) {
  if (only.length && !only.includes(name)) continue;
  console.log(`${"=".repeat(20)} ${name}`);
  const g = RevisionGraph.build(
    revs.map(([id, down, labels, deps]) => revision(id, down, { branchLabels: arr(labels), dependsOn: arr(deps) })),
  );
  console.log(`heads ${py(g.heads)} real_heads ${py(g.realHeads)} bases ${py(g.bases)}`);
  for (const id of g.ids) console.log(`  rev ${id} labels ${py(g.labelsOf(id))} normdown ${py(g.normalizedParents(id))}`);
  for (const [kind, ...a] of actions) {
    if (kind === "up" || kind === "down") {
      const [start, target] = a as [string[], string];
      const plan = kind === "up" ? upgradePlan : downgradePlan;
      run(`${kind === "up" ? "upgrade" : "downgrade"} ${target} from ${py(start)}`, () => execute(g, start, plan(g, start, target)));
    } else if (kind === "stamp") {
      const [start, targets, purge] = a as [string[], string[], boolean];
      run(`stamp ${py(targets)} purge=${purge ? "True" : "False"} from ${py(start)}`, () => {
        const r = stampPlan(g, start, targets, purge);
        return [...r.updates.map(sqlLine), `  => rows ${py([...r.heads].sort())}`];
      });
    } else if (kind === "sqlup" || kind === "sqldown") {
      const [range] = a as [string];
      run(`${kind === "sqlup" ? "upgrade" : "downgrade"} --sql ${range}`, () => offline(g, range, kind === "sqlup" ? "up" : "down"));
    } else if (kind === "history") {
      const [range, current] = a as [string | null, string[]];
      run(`history -r ${range ?? "None"} (current ${py(current)})`, () => [`  => ${py(historyRevisions(g, range, current))}`]);
    } else if (kind === "resolve") {
      const [ident] = a as [string];
      try {
        console.log(`resolve ${ident} => ${py(getRevisions(g, ident))}`);
      } catch (e) {
        console.log(`resolve ${ident} !! ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  }
}
