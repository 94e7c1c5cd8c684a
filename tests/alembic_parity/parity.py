"""Ask the real Alembic (1.8.1) what it does on small revision graphs.

Run: tests/alembic_parity/run.sh  (sets PYTHONHASHSEED=0 and uses /usr/bin/python3).

Each scenario writes a throwaway Alembic project under /tmp: one file per revision named
"<id>.py" whose upgrade()/downgrade() print "up <id>" / "down <id>", an env.py on a sqlite file
that logs every INSERT/UPDATE/DELETE on alembic_version. The version directory is listed in
sorted order (migrator orders revisions by id where Alembic uses the directory listing).
Output lines are what the TypeScript tests in src/script/*.test.ts hard-code.
"""
import contextlib
import io
import os
import shutil
import sqlite3
import sys
import tempfile

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.script.base import Script

# Alembic's revision-map order is the versions directory listing (os.listdir: file-system order).
# We list it sorted, which is migrator's order rule. PARITY_LISTING=reverse lists it in reverse
# order instead, to show which results depend on the listing (see README.md).
_orig_list = Script._list_py_dir
_reverse = os.environ.get("PARITY_LISTING") == "reverse"
Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_orig_list.__func__(cls, sd, path), reverse=_reverse))

ENV_PY = '''
from alembic import context
from sqlalchemy import create_engine, event
engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
@event.listens_for(engine, "before_cursor_execute")
def log(conn, cursor, statement, parameters, context_, executemany):
    s = " ".join(statement.split())
    if "alembic_version" in s and s.split()[0] in ("INSERT", "UPDATE", "DELETE"):
        kind = s.split()[0].lower()
        vals = [v.strip("'") for v in __import__("re").findall(r"'[^']*'", s)]
        print("  sql", kind, " ".join(vals))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''

REV_PY = '''
revision = {rev!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {deps!r}
def upgrade():
    print("  up", revision)
def downgrade():
    print("  down", revision)
'''


class Project:
    def __init__(self, revs):
        self.dir = tempfile.mkdtemp(prefix="alembic_parity_")
        os.makedirs(os.path.join(self.dir, "versions"))
        with open(os.path.join(self.dir, "env.py"), "w") as f:
            f.write(ENV_PY)
        for rev, down, labels, deps in revs:
            with open(os.path.join(self.dir, "versions", rev + ".py"), "w") as f:
                f.write(REV_PY.format(rev=rev, down=down, labels=labels, deps=deps))
        self.db = os.path.join(self.dir, "db.sqlite")
        self.cfg = Config()
        self.cfg.set_main_option("script_location", self.dir)
        self.cfg.set_main_option("sqlalchemy.url", "sqlite:///" + self.db)
        self.script = ScriptDirectory.from_config(self.cfg)

    def set_heads(self, heads):
        con = sqlite3.connect(self.db)
        con.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        con.execute("DELETE FROM alembic_version")
        for h in heads:
            con.execute("INSERT INTO alembic_version VALUES (?)", (h,))
        con.commit()
        con.close()

    def heads_in_db(self):
        con = sqlite3.connect(self.db)
        try:
            return sorted(r[0] for r in con.execute("SELECT version_num FROM alembic_version"))
        except sqlite3.OperationalError:
            return []
        finally:
            con.close()

    def run(self, label, fn):
        print(label)
        try:
            fn()
            print("  => rows", self.heads_in_db())
        except Exception as e:  # noqa: BLE001
            print("  !! %s: %s" % (type(e).__name__, e))


def R(rev, down=None, labels=None, deps=None):
    return (rev, down, labels, deps)


def scenario(name, revs, actions):
    print("=" * 20, name)
    p = Project(revs)
    rm = p.script.revision_map
    print("heads", list(rm.heads), "real_heads", list(rm._real_heads), "bases", list(rm.bases))
    for rev in sorted(r[0] for r in revs):
        r = rm.get_revision(rev)
        print("  rev", rev, "labels", sorted(r.branch_labels), "normdown", list(r._normalized_down_revisions))
    for act in actions:
        kind = act[0]
        if kind == "up":
            _, start, target = act
            p.set_heads(start)
            p.run("upgrade %s from %s" % (target, start), lambda: command.upgrade(p.cfg, target))
        elif kind == "down":
            _, start, target = act
            p.set_heads(start)
            p.run("downgrade %s from %s" % (target, start), lambda: command.downgrade(p.cfg, target))
        elif kind == "stamp":
            _, start, targets, purge = act
            p.set_heads(start)
            p.run("stamp %s purge=%s from %s" % (targets, purge, start),
                  lambda: command.stamp(p.cfg, targets, purge=purge))
        elif kind == "sqlup" or kind == "sqldown":
            _, rng = act
            buf = io.StringIO()
            def go():
                with contextlib.redirect_stdout(buf):
                    (command.upgrade if kind == "sqlup" else command.downgrade)(p.cfg, rng, sql=True)
            print("%s --sql %s" % ("upgrade" if kind == "sqlup" else "downgrade", rng))
            try:
                go()
                for line in buf.getvalue().splitlines():
                    if line.startswith("  up") or line.startswith("  down") or line.startswith("  sql"):
                        continue
                    if line.startswith(("INSERT", "UPDATE", "DELETE")) and "alembic_version" in line:
                        print("  sql", line)
                    if line.startswith("-- Running"):
                        print("  ", line)
            except Exception as e:  # noqa: BLE001
                print("  !! %s: %s" % (type(e).__name__, e))
        elif kind == "history":
            _, rng, current = act
            p.set_heads(current)
            buf = io.StringIO()
            print("history -r %s (current %s)" % (rng, current))
            try:
                with contextlib.redirect_stdout(buf):
                    p.cfg.print_stdout = lambda text, *arg: print(text % arg if arg else text)
                    command.history(p.cfg, rng)
                print("  =>", [l.split(" -> ")[1].split(" ")[0].split(",")[0] for l in buf.getvalue().splitlines() if "->" in l])
            except Exception as e:  # noqa: BLE001
                print("  !! %s: %s" % (type(e).__name__, e))
        elif kind == "resolve":
            _, ident = act
            try:
                revs_ = rm.get_revisions(ident)
                print("resolve %s =>" % ident, [r.revision if r is not None and r != "base" else r for r in revs_])
            except Exception as e:  # noqa: BLE001
                print("resolve %s !! %s: %s" % (ident, type(e).__name__, e))
    shutil.rmtree(p.dir)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    import scenarios  # noqa: E402

    if sys.argv[1:] == ["--json"]:
        import json
        print(json.dumps(scenarios.SCENARIOS))
        sys.exit(0)
    only = sys.argv[1:]
    for name, revs, actions in scenarios.SCENARIOS:
        if not only or name in only:
            scenario(name, revs, actions)
