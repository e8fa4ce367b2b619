"""Peer for the CSV read case: pandas.read_csv (default C engine). Prints {"seconds", "rows", "columns", "bytes",
"sums", "version"} (sums: per numeric column, the sum of its non-missing values, after the timing; version: pandas')."""
import json, os, sys, time

import pandas as pd

path = sys.argv[1]
t0 = time.perf_counter()
df = pd.read_csv(path)
seconds = time.perf_counter() - t0
sums = {str(c): float(df[c].sum()) for c in df.columns if df[c].dtype.kind in "fiu"}
print(json.dumps({"seconds": seconds, "rows": int(df.shape[0]), "columns": int(df.shape[1]),
                  "bytes": os.path.getsize(path), "sums": sums, "version": pd.__version__}))
