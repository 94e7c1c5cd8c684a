import type { RevisionGraph } from "../src/script/graph.ts";
import { upgradePlan } from "../src/script/plan.ts";
import { runSteps, type RunOptions } from "../src/runtime/runner.ts";
import type { Session } from "../src/runtime/session.ts";
import type { StatementTarget } from "../src/runtime/target.ts";

/**
 * `upgrade head` from base in one transaction (unless `more` says otherwise), on the session's database,
 * with every statement through `target` (a recording one, or the connection's).
 */
export function upgradeThrough(session: Session, graph: RevisionGraph, target: StatementTarget, more: Partial<RunOptions> = {}): ReturnType<typeof runSteps> {
  return runSteps({
    graph,
    dialect: session.dialect,
    target,
    bookkeeping: session.bookkeeping,
    heads: [],
    steps: upgradePlan(graph, [], "head"),
    transactionPerMigration: false,
    createVersionTable: false,
    compileContext: session.compileContext,
    x: {},
    config: {},
    ...more,
  });
}
