#!/usr/bin/env python3
"""Peer for metrics-bench: scikit-learn roc_auc_score on the same kind of data (AUC only; sklearn gives no
variance). Usage: auc_sklearn.py [ROWS] [REPEATS]. Prints the median time."""
import sys, time
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
rng = np.random.default_rng(42)
y = rng.uniform(size=rows) < 0.2
s = y + rng.normal(size=rows)
times = []
for _ in range(repeats):
    t = time.perf_counter(); auc = roc_auc_score(y, s); times.append(time.perf_counter() - t)
print(f"rows {rows}  sklearn {sklearn.__version__} roc_auc_score {auc}")
print(f"roc_auc_score: median {sorted(times)[len(times) // 2]:.3f} s over {repeats} runs ({', '.join(f'{x:.3f}' for x in times)})")
