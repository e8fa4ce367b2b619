#!/usr/bin/env bash
# `make test-engines`: trains on German credit and on the hostile-names data, exports Spark SQL and runs it in
# PySpark (local mode), checking every row against `credit score --points` (see engines.py for the criteria).
set -euo pipefail
cd "$(dirname "$0")/../.."
CREDIT=${CREDIT:-.build/debug/credit}
PYTHON=${PYTHON:-.venv-spark/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" Tests/Engines/engines.py hostile-data "$work/hostile.csv"
special='x"; DROP TABLE t; --=-999'
check() {  # name data train-args...
  local name=$1 data=$2; shift 2
  local points=(); for a in "$@"; do [ "$a" = --scorecard ] && points=(--points); done
  "$CREDIT" train "$data" "$@" -o "$work/$name.json" >/dev/null 2>&1
  "$CREDIT" score "$work/$name.json" "$data" "${points[@]}" -o "$work/$name.native.csv" 2>/dev/null
  "$CREDIT" export "$work/$name.json" --to sql --dialect spark --table applicants --keep _rowid -o "$work/$name.sql" 2>/dev/null
  echo "== $name"
  "$PYTHON" Tests/Engines/engines.py check spark="$work/$name.sql" --model "$work/$name.json" \
    --data "$data" --native "$work/$name.native.csv" 2> >(grep -v -e WARN -e log4j -e setLogLevel >&2)
}
check german-scorecard datasets/german_credit.csv --target default --scorecard
check german-regression datasets/german_credit.csv --target default
check hostile-scorecard "$work/hostile.csv" --target default --scorecard --special "$special"
check hostile-regression "$work/hostile.csv" --target default
