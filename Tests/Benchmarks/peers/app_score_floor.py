"""The floor of the scoring case: pandas.read_csv of the input and to_csv of an output shaped like ours (row, pd,
score, reason_1..reason_4), with no scoring at all: what any pandas-based scorer spends before its own work.

Usage: app_score_floor.py DATA.csv OUT.csv. Prints one JSON line {"rows", "seconds"} (in-process)."""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402

data, out = sys.argv[1:3]
df = pd.read_csv(data)
n = len(df)
frame = pd.DataFrame({"pd": 0.5, "score": 600, "reason_1": "reason", "reason_2": "reason", "reason_3": "reason",
                      "reason_4": "reason"}, index=pd.RangeIndex(1, n + 1))
frame.to_csv(out, index_label="row")
print(json.dumps({"rows": n, "seconds": time.perf_counter() - t0}))
