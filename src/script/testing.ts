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

/**
 * QA graphs with cross-branch dependsOn (tests/alembic_parity/scenarios.py QA_G1..QA_G3).
 * aaaa1111 <- bbbb2222 <- cc110000 <- dd110000; bbbb2222 <- cc220000 (feat) <- dd220000;
 * ee000000 merges dd110000, dd220000 <- ff000000; x0000001 (other) <- y0000002 dependsOn cc110000;
 * aaaa1111 <- z0000003
 */
export const QA_G1 = () =>
  RevisionGraph.build([
    R("aaaa1111"),
    R("bbbb2222", "aaaa1111"),
    R("cc110000", "bbbb2222"),
    R("cc220000", "bbbb2222", ["feat"]),
    R("dd110000", "cc110000"),
    R("dd220000", "cc220000"),
    R("ee000000", ["dd110000", "dd220000"]),
    R("ff000000", "ee000000"),
    R("x0000001", null, ["other"]),
    R("y0000002", "x0000001", [], ["cc110000"]),
    R("z0000003", "aaaa1111"),
  ]);
/** a1 <- a2 <- b1 (left) <- b2; a2 <- c1 (right) <- c2 <- c3 dependsOn b1 */
export const QA_G2 = () =>
  RevisionGraph.build([
    R("a1"),
    R("a2", "a1"),
    R("b1", "a2", ["left"]),
    R("b2", "b1"),
    R("c1", "a2", ["right"]),
    R("c2", "c1"),
    R("c3", "c2", [], ["b1"]),
  ]);
/** a1 <- a2 <- b1 <- b2; a2 <- c1 <- c2; d1 (a second base, dependsOn c1) <- d2 */
export const QA_G3 = () =>
  RevisionGraph.build([
    R("a1"),
    R("a2", "a1"),
    R("b1", "a2"),
    R("b2", "b1"),
    R("c1", "a2"),
    R("c2", "c1"),
    R("d1", null, [], ["c1"]),
    R("d2", "d1"),
  ]);
