"""Peer for the CSV read case: pyarrow.csv.read_csv (multi-threaded). Prints {"seconds", "rows", "columns", "bytes"}."""
import json, os, sys, time

import pyarrow.csv as pacsv

path = sys.argv[1]
t0 = time.perf_counter()
table = pacsv.read_csv(path)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "rows": table.num_rows, "columns": table.num_columns,
                  "bytes": os.path.getsize(path)}))
