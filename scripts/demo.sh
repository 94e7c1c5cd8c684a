#!/usr/bin/env bash
# The Quick start demo: the compiled binary on an embedded SQLite file, in a fresh folder with no
# node_modules. Inits a project, writes revisions with a branch and a merge, upgrades, shows history
# and current, downgrades; then declares the schema and lets autogenerate write a revision.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/dist/migrator"
demo="${DEMO_DIR:-$(mktemp -d -t migrator-demo-XXXXXX)}"
mkdir -p "$demo" && cd "$demo"
export DATABASE_URL="sqlite:///demo.db"
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
m() { say "migrator $*"; "$bin" "$@"; }

m --version
m init migrations
m revision -m "create users" --rev-id a1b2c3d4e5f6
m revision -m "add posts" --rev-id b2c3d4e5f6a1
m revision -m "audit log" --rev-id c3d4e5f6a1b2 --head a1b2c3d4e5f6 --splice --branch-label audit

# Fill in the generated upgrade()/downgrade() bodies (a real user edits them by hand).
fill() {
  local file; file=$(ls migrations/versions/"$1"_*.ts)
  UP="$2" DOWN="$3" perl -0pi -e 's/(upgrade\(op: Operations\): Promise<void> \{\n).*?\n\}/$1  $ENV{UP}\n}/s; s/(downgrade\(op: Operations\): Promise<void> \{\n).*?\n\}/$1  $ENV{DOWN}\n}/s' "$file"
}
fill a1b2c3d4e5f6 'await op.createTable("users", [{ name: "id", type: "integer", primaryKey: true, autoincrement: true }, { name: "email", type: "varchar(255)", nullable: false, unique: true }]);' 'await op.dropTable("users");'
fill b2c3d4e5f6a1 'await op.createTable("posts", [{ name: "id", type: "integer", primaryKey: true }, { name: "user_id", type: "integer", references: "users.id" }, { name: "title", type: "text" }]); await op.createIndex("ix_posts_user", "posts", ["user_id"]);' 'await op.dropIndex("ix_posts_user"); await op.dropTable("posts");'
fill c3d4e5f6a1b2 'await op.createTable("audit", [{ name: "id", type: "integer", primaryKey: true }, { name: "event", type: "text" }]); await op.bulkInsert("audit", [{ id: 1, event: "created" }]);' 'await op.dropTable("audit");'

m heads
m merge heads -m "merge audit" --rev-id d4e5f6a1b2c3
m upgrade head
m history
m current --verbose
m upgrade head --sql
m downgrade b2c3d4e5f6a1
m current
m downgrade base
m current

# Autogenerate: declare the schema in TypeScript, let migrator write the revision, check it in CI.
m upgrade head
cat > schema.ts <<'TS'
import { defineSchema, table } from "migrator";
export default defineSchema({
  tables: [
    table("users", [
      { name: "id", type: "integer", primaryKey: true, autoincrement: true },
      { name: "email", type: "varchar(255)", nullable: false, unique: true },
      { name: "display_name", type: "varchar(80)" },
    ]),
    table("posts", [
      { name: "id", type: "integer", primaryKey: true },
      { name: "user_id", type: "integer", references: "users.id" },
      { name: "title", type: "text", nullable: false },
    ], { indexes: [{ name: "ix_posts_user", columns: ["user_id"] }] }),
    table("audit", [{ name: "id", type: "integer", primaryKey: true }, { name: "event", type: "text" }]),
  ],
});
TS
say "cat schema.ts"; cat schema.ts
m check --schema schema.ts || echo "(exit $?: the database differs from the schema)"
m revision --autogenerate --schema schema.ts -m "display names" --rev-id e5f6a1b2c3d4
say "cat migrations/versions/e5f6a1b2c3d4_display_names.ts"; cat migrations/versions/e5f6a1b2c3d4_display_names.ts
m upgrade head
m check --schema schema.ts
m check --schema schema.ts --offline
printf '\nDemo project left in %s\n' "$demo"
