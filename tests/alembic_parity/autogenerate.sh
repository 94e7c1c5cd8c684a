#!/bin/sh
# Re-run the autogenerate parity scenarios on Alembic; output goes to stdout (compare with
# autogenerate_expected.txt). `--json` prints the scenarios' SQL (autogenerate_scenarios.json).
cd "$(dirname "$0")" && PYTHONHASHSEED=0 exec /usr/bin/python3 -W ignore autogenerate_parity.py "$@"
