"""Peer for the CSV read case: pyarrow.csv.read_csv (multi-threaded). Prints {"seconds", "rows", "columns",
"bytes", "sums"} (per numeric column, the sum of its non-missing values, after the timing)."""
import json, os, sys, time

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

path = sys.argv[1]
t0 = time.perf_counter()
table = pacsv.read_csv(path)
seconds = time.perf_counter() - t0
sums = {name: float(pc.sum(table[name].cast(pa.float64())).as_py() or 0.0) for name in table.column_names
        if pa.types.is_floating(table[name].type) or pa.types.is_integer(table[name].type)}
print(json.dumps({"seconds": seconds, "rows": table.num_rows, "columns": table.num_columns,
                  "bytes": os.path.getsize(path), "sums": sums}))
