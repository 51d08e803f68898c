#!/usr/bin/env bash
# Run the API suite and the multi-server suite against PostgreSQL.
#
#   scripts/test-postgres.sh                 # uses postgres://root@127.0.0.1:5432/test
#   KEFU_TEST_PG=postgres://me@db/kefu_ci scripts/test-postgres.sh [cargo test args…]
#
# Each test gets a database of its own (cloned from one seeded per run), so tests run
# in parallel; the role in the URL needs CREATEDB.
set -euo pipefail
cd "$(dirname "$0")/.."
export KEFU_TEST_PG="${KEFU_TEST_PG:-postgres://root@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$KEFU_TEST_PG"; then
    echo "PostgreSQL is not answering at $KEFU_TEST_PG; start it or set KEFU_TEST_PG" >&2
    exit 1
fi
exec cargo test --test api --test team "$@"
