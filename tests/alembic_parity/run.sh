#!/bin/sh
# Re-run the Alembic parity scenarios; output goes to stdout (compare with expected.txt).
cd "$(dirname "$0")" && PYTHONHASHSEED=0 exec /usr/bin/python3 -W ignore parity.py "$@"
