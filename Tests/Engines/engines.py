#!/usr/bin/env python3
"""Runs a model exported by `credit export` in a real engine and checks every row against the native scorer.

    engines.py check ENGINE=EXPORT [ENGINE=EXPORT ...] --model MODEL.json --data DATA.csv --native NATIVE.csv [--table NAME]
    engines.py hostile-data OUT.csv

ENGINE: sqlite (the `sqlite3` command-line shell), duckdb (PyPI duckdb), spark (PyPI pyspark, local mode),
pmml (PyPI jpmml-evaluator on a Java runtime). The data is loaded as the native scorer reads it: the model's
numeric columns as doubles, everything else as text, the default missing tokens (empty, NA, N/A, null, NaN, ?)
as NULL, plus a `_rowid` column (1-based data row) that the export must keep (`--keep _rowid`).
sqlite-text and duckdb-text load the CSV the ordinary way instead, every column text with the file's own
strings (empty fields as empty strings, `NA` as `NA`): the shell's `.import` into a new table, and DuckDB's
`read_csv(all_varchar = true)`.

Agreement: the same rows rejected (NULL pd in SQL, an evaluation error in PMML); per scored row, PD within
1e-9 absolute, score and points per characteristic exactly equal integers, reason codes equal (a NULL reason
equals the native scorer's empty one). Exit 0 when every row agrees; otherwise the first mismatches, exit 1.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

MISSING = {"", "NA", "N/A", "null", "NaN", "?"}
PD_TOLERANCE = 1e-9


def model_columns(model):
    """(name, is_numeric) of every input column the model reads."""
    if model.get("scorecard"):
        return [(c["bins"]["name"], c["bins"]["type"] == "numeric") for c in model["scorecard"]["characteristics"]]
    return [(p["name"], "numeric" in p["kind"]) for p in model["schema"]["predictors"]]


def raw_rows(path):
    """Header and rows of the data as text, exactly as written (blank lines skipped, as the native reader does)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [r for r in reader if r]


def load_rows(path, model):
    """Header and rows of the data, typed as the model reads them, with _rowid first."""
    header, raw = raw_rows(path)
    numeric = {name for name, is_num in model_columns(model) if is_num}
    rows = []
    for i, r in enumerate(raw):
        row = [i + 1]
        for name, v in zip(header, r):
            if v.strip(" ") in MISSING:
                row.append(None)
            elif name in numeric:
                try:
                    row.append(float(v))
                except ValueError:      # text that is not a number: only the text loads can hold it
                    row.append(v)
            else:
                row.append(v)
        rows.append(row)
    return ["_rowid"] + header, [n in numeric for n in header], rows


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def run_sqlite(sql_path, header, numeric, rows, table, workdir):
    data = os.path.join(workdir, "data.csv")
    with open(data, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in r])
    columns = [quote(header[0]) + " INTEGER"] + [quote(n) + (" REAL" if is_num else " TEXT") for n, is_num in zip(header[1:], numeric)]
    out = os.path.join(workdir, "sqlite-out.csv")
    # The shell's dot-commands cannot name any table (their quoting differs from SQL's), so the data goes into
    # a plain staging table that is then renamed in SQL.
    script = [f"CREATE TABLE credit_import ({', '.join(columns)});",
              f'.import --csv --skip 1 "{data}" credit_import']
    # The CSV shell import reads every field as text: empty fields (our missing values) become NULL here.
    for n in header[1:]:
        script.append(f"UPDATE credit_import SET {quote(n)} = NULL WHERE {quote(n)} = '';")
    script.append(f"ALTER TABLE credit_import RENAME TO {quote(table)};")
    return run_sqlite_script(script, sql_path, out)


def run_sqlite_script(script, sql_path, out):
    """Runs the loading `script`, then the export, in the sqlite3 shell; the export's rows (empty = NULL)."""
    script = script + [".headers on", ".mode csv", f'.output "{out}"', f'.read "{sql_path}"', ".output stdout"]
    result = subprocess.run(["sqlite3", "-bail", ":memory:"], input="\n".join(script) + "\n", text=True, capture_output=True)
    if result.returncode != 0 or result.stderr:
        sys.exit(f"sqlite3 failed ({result.returncode}): {result.stderr}")
    with open(out, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        names = next(reader)
        return names, [[None if v == "" else v for v in r] for r in reader]


def write_raw(path, data_path):
    """The data with _rowid first, every other field as written in the file."""
    header, raw = raw_rows(data_path)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["_rowid"] + header)
        for i, r in enumerate(raw):
            w.writerow([i + 1] + r)


def run_sqlite_text(sql_path, data_path, table, workdir):
    """`.import` into a new table: every column TEXT, every field as written (empty strings, `NA`)."""
    data = os.path.join(workdir, "raw.csv")
    write_raw(data, data_path)
    out = os.path.join(workdir, "sqlite-out.csv")
    script = [f'.import --csv "{data}" credit_import', f"ALTER TABLE credit_import RENAME TO {quote(table)};"]
    return run_sqlite_script(script, sql_path, out)


def run_duckdb_text(sql_path, data_path, table, workdir):
    """`read_csv(all_varchar = true)`: every column VARCHAR, empty fields NULL as DuckDB reads them, `NA` as text."""
    import duckdb
    data = os.path.join(workdir, "raw.csv")
    write_raw(data, data_path)
    con = duckdb.connect()
    # The sniffer gives up on the hostile data's header: name the columns, every one VARCHAR, and read no types
    # (DuckDB 2.0.1's strict mode then returns no row for the quoted line break in a header name; the rows
    # are compliant CSV, and every one is checked against the native scorer).
    header, _ = raw_rows(data)
    columns = "{" + ", ".join("'" + n.replace("'", "''") + "': 'VARCHAR'" for n in header) + "}"
    con.execute("CREATE TABLE " + quote(table) + " AS SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', strict_mode = false, columns = " + columns + ")", [data])
    cur = con.execute(open(sql_path, encoding="utf-8").read())
    names = [d[0] for d in cur.description]
    return names, [list(r) for r in cur.fetchall()]


def run_duckdb(sql_path, header, numeric, rows, table):
    import duckdb
    con = duckdb.connect()
    columns = [quote(header[0]) + " BIGINT"] + [quote(n) + (" DOUBLE" if is_num else " VARCHAR") for n, is_num in zip(header[1:], numeric)]
    con.execute(f"CREATE TABLE {quote(table)} ({', '.join(columns)})")
    con.executemany(f"INSERT INTO {quote(table)} VALUES ({', '.join('?' for _ in header)})", rows)
    cur = con.execute(open(sql_path, encoding="utf-8").read())
    names = [d[0] for d in cur.description]
    return names, [list(r) for r in cur.fetchall()]


def run_spark(sql_path, header, numeric, rows, table):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType
    spark = (SparkSession.builder.master("local[1]").appName("credit-export-check")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([StructField(header[0], LongType())] +
                        [StructField(n, DoubleType() if is_num else StringType()) for n, is_num in zip(header[1:], numeric)])
    spark.createDataFrame(rows, schema).createOrReplaceTempView(table)
    text = open(sql_path, encoding="utf-8").read().rstrip().rstrip(";")
    df = spark.sql(text)
    names = df.columns
    out = [list(r) for r in df.collect()]
    spark.stop()
    return names, out


def run_pmml(pmml_path, header, rows, model):
    import pandas
    from jpmml_evaluator import make_evaluator
    evaluator = make_evaluator(pmml_path)
    outputs = [f.getName() for f in evaluator.getOutputFields()]
    used = [name for name, _ in model_columns(model)]
    position = {n: i + 1 for i, n in enumerate(header[1:])}
    frame = pandas.DataFrame({n: pandas.Series([r[position[n]] for r in rows], dtype=object) for n in used})
    # One batch call; a row whose evaluation fails (the native scorer's rejection) gets its error in "errors".
    results = evaluator.evaluateAll(frame, error_col="errors", parallelism=1)
    errors = results["errors"] if "errors" in results.columns else pandas.Series([None] * len(rows))
    out = []
    for i, r in enumerate(rows):
        if isinstance(errors.iloc[i], str) or (errors.iloc[i] is not None and not pandas.isna(errors.iloc[i])):
            out.append([r[0]] + [None] * len(outputs))
            continue
        values = []
        for o in outputs:
            v = results[o].iloc[i]
            values.append(None if v is None or (isinstance(v, float) and math.isnan(v)) else v)
        out.append([r[0]] + values)
    return ["_rowid"] + outputs, out


def as_int(v):
    x = float(v)
    if x != math.floor(x):
        raise ValueError(f"{v!r} is not an integer")
    return int(x)


def compare(names, engine_rows, native_path, n_rows):
    with open(native_path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        native_header = next(reader)
        native = {int(r[0]): r for r in reader}
    problems, max_pd = [], 0.0
    for col in native_header[1:]:
        if col not in names:
            return [f"the engine output has no column {col!r} (it has {names})"], 0.0
    index = {n: i for i, n in enumerate(names)}
    seen = set()
    for r in engine_rows:
        rowid = int(r[index["_rowid"]])
        seen.add(rowid)
        pd = r[index["pd"]]
        if rowid not in native:
            if pd is not None:
                problems.append(f"row {rowid}: the native scorer rejects it, the engine gives pd {pd}")
            continue
        if pd is None:
            problems.append(f"row {rowid}: the engine gives no pd (native {native[rowid][1]})")
            continue
        for j, col in enumerate(native_header[1:], start=1):
            want, got = native[rowid][j], r[index[col]]
            if col == "pd":
                d = abs(float(got) - float(want))
                max_pd = max(max_pd, d)
                ok = d <= PD_TOLERANCE
            elif col == "score" or col.startswith("points_"):
                try:
                    ok = as_int(got) == int(want)
                except (TypeError, ValueError):
                    ok = False
            else:
                ok = (got if got is not None else "") == want
            if not ok:
                problems.append(f"row {rowid}, {col}: engine {got!r}, native {want!r}")
    if seen != set(range(1, n_rows + 1)):
        problems.append(f"the engine returned {len(seen)} distinct rows of {n_rows}")
    return problems, max_pd


def hostile_data(path):
    """A deterministic data set whose names and values try to break SQL, XML and CSV."""
    import random
    rng = random.Random(20260601)
    levels = ['a<b&c', 'O\'Brien "the" \\ boss', "line\nbreak", "semi;colon -- comment", "</PMML>", "tab\there", "ok"]
    rows = []
    for i in range(600):
        level = levels[rng.randrange(len(levels))]
        x = rng.choice(["-999", ""]) if rng.random() < 0.08 else f"{rng.gauss(50, 15):.3f}"
        amount = f"{rng.uniform(100, 5000):.2f}"
        region = rng.choice(["north", "south", "east", "we'st", 'ea"st'])
        eta = -0.8 + 0.03 * (float(x) - 50 if x not in ("", "-999") else 10) + 0.6 * levels.index(level) / 6 - 0.0002 * float(amount) \
            + (0.5 if region == "we'st" else 0)
        y = 1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0
        rows.append([x, amount, region, level, y])
    header = ['x"; DROP TABLE t; --', "amount <&> 'q'", "region\\\nname", "category <&\"'>\\", "default"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check")
    c.add_argument("runs", nargs="+", metavar="ENGINE=EXPORT", help="engine (sqlite, duckdb, sqlite-text, duckdb-text, spark, pmml) and export file")
    c.add_argument("--model", required=True)
    c.add_argument("--data", required=True)
    c.add_argument("--native", required=True)
    c.add_argument("--table", default="applicants")
    h = sub.add_parser("hostile-data")
    h.add_argument("out")
    args = ap.parse_args()
    if args.command == "hostile-data":
        hostile_data(args.out)
        return
    model = json.load(open(args.model, encoding="utf-8"))
    header, numeric, rows = load_rows(args.data, model)
    failed = False
    for run in args.runs:
        engine, _, export = run.partition("=")
        if engine not in ("sqlite", "duckdb", "sqlite-text", "duckdb-text", "spark", "pmml") or not export:
            sys.exit(f"{run!r}: expected ENGINE=EXPORT with ENGINE one of sqlite, duckdb, sqlite-text, duckdb-text, spark, pmml")
        with tempfile.TemporaryDirectory() as workdir:
            if engine == "sqlite":
                names, out = run_sqlite(export, header, numeric, rows, args.table, workdir)
            elif engine == "duckdb":
                names, out = run_duckdb(export, header, numeric, rows, args.table)
            elif engine == "sqlite-text":
                names, out = run_sqlite_text(export, args.data, args.table, workdir)
            elif engine == "duckdb-text":
                names, out = run_duckdb_text(export, args.data, args.table, workdir)
            elif engine == "spark":
                names, out = run_spark(export, header, numeric, rows, args.table)
            else:
                names, out = run_pmml(export, header, rows, model)
        problems, max_pd = compare(names, out, args.native, len(rows))
        scored = sum(1 for r in out if r[names.index("pd")] is not None)
        if problems:
            failed = True
            print(f"{engine}: {len(problems)} disagreements with the native scorer over {len(rows)} rows:")
            for p in problems[:20]:
                print("  " + p)
        else:
            print(f"{engine} ({os.path.basename(export)}): {len(rows)} rows agree with the native scorer ({scored} scored); max |pd difference| {max_pd:.3g}")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
