/** Graphs shared by the script/ tests; the same ones tests/alembic_parity/scenarios.py gives Alembic. */
import { RevisionGraph } from "./graph.ts";
import { revision, type Step, type VersionUpdate } from "./revision.ts";

const R = (id: string, down: string | string[] | null = null, labels: string[] = [], deps: string[] = []) =>
  revision(id, down, { branchLabels: labels, dependsOn: deps });

/** 1111aa <- 2222bb <- 3333cc <- 4444dd */
export const LINEAR = () => RevisionGraph.build([R("1111aa"), R("2222bb", "1111aa"), R("3333cc", "2222bb"), R("4444dd", "3333cc")]);

const branches = [
  R("a0base"),
  R("b1left", "a0base", ["left"]),
  R("b2left", "b1left"),
  R("c1rght", "a0base", ["right"]),
  R("c2rght", "c1rght"),
];
/** a0base <- b1left (label left) <- b2left; a0base <- c1rght (label right) <- c2rght */
export const BRANCHES = () => RevisionGraph.build(branches);
/** BRANCHES + d1merg (merges b2left, c2rght) <- e1tail */
export const MERGED = () => RevisionGraph.build([...branches, R("d1merg", ["b2left", "c2rght"]), R("e1tail", "d1merg")]);
/** x1base (xs) <- x2next <- x3last; y1base (ys, dependsOn x2next) <- y2next */
export const DEPS = () =>
  RevisionGraph.build([
    R("x1base", null, ["xs"]),
    R("x2next", "x1base"),
    R("x3last", "x2next"),
    R("y1base", null, ["ys"], ["x2next"]),
    R("y2next", "y1base"),
  ]);
/** m0root <- p1pppp, q1qqqq, r1rrrr <- s1merg (merges all three) */
export const THREE = () =>
  RevisionGraph.build([
    R("m0root"),
    R("p1pppp", "m0root"),
    R("q1qqqq", "m0root"),
    R("r1rrrr", "m0root"),
    R("s1merg", ["p1pppp", "q1qqqq", "r1rrrr"]),
  ]);
/** 1111aa <- 2222bb (mid) <- 3333cc; 9999zz (other) dependsOn "mid" */
export const LABELS = () =>
  RevisionGraph.build([R("1111aa"), R("2222bb", "1111aa", ["mid"]), R("3333cc", "2222bb"), R("9999zz", null, ["other"], ["mid"])]);

/** Steps as "up x" / "down x" strings. */
export const show = (steps: readonly Step[]) => steps.map((s) => `${s.direction} ${s.revision}`);

/** Version updates as Alembic's statements would read: "insert x", "delete x", "update x -> y". */
export const sql = (updates: readonly VersionUpdate[]) =>
  updates.map((u) => (u.kind === "update" ? `update ${u.from} -> ${u.to}` : u.kind === "insert" ? `insert ${u.to}` : `delete ${u.from}`));

export { R };
