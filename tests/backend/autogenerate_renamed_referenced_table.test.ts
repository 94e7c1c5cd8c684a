/**
 * A table renamed in the revision that drops a key referencing it (the key's rule changes, so its
 * convention name does too) or drops the table that references it: the downgrade added the key back,
 * naming the table by its old name, before renaming it back (MariaDB: errno 150; found by the fuzzer).
 * The key is kept for the downgrade as the server has it after the rename. Run on every database.
 */
import { describe, test } from "bun:test";
import { table } from "../../src/autogenerate/declare.ts";
import { autogenerateProject } from "./autogenerate_round_trip.ts";
import { DATABASES } from "./databases.ts";

const id = { name: "id", type: "integer", primaryKey: true };
const members = (to: string, onDelete?: "cascade") => table("members", [id, { name: "org_id", type: "integer", references: { table: to, column: "id", ...(onDelete ? { onDelete } : {}) } }]);

for (const [name, create] of Object.entries(DATABASES)) {
  describe(`autogenerate, a referenced table renamed: ${name}`, () => {
    const p = autogenerateProject(`migrator-renamed-ref-${name}-`, create);

    test("with the key's rule changed, then with the referencing table dropped: downgrades and upgrades", async () => {
      await p.revise({ tables: [table("orgs", [id]), members("orgs")] }, "orgs", "r1");
      await p.expectRoundTrip(await p.revise({ tables: [table("teams", [id], { renamedFrom: "orgs" }), members("teams", "cascade")] }, "teams", "r2"));
      await p.expectRoundTrip(await p.revise({ tables: [table("groups", [id], { renamedFrom: "teams" })] }, "groups", "r3"));
    }, 60_000);
  });
}
