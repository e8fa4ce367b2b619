#!/usr/bin/env python3
"""Peer for the AUC case of make bench: scikit-learn roc_auc_score (AUC only; it gives no variance or CI).

Usage: auc_sklearn.py ROWS SEED. Draws the same doubles as `credit-bench auc ROWS SEED` (SplitMix64, two
draws per row: bad = u1 < 0.2, score = bad + 4*u2) and prints one JSON line {"seconds", "auc", "rows"}; only
roc_auc_score is timed."""
import json, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score

rows, seed = int(sys.argv[1]), int(sys.argv[2])
GAMMA, C1, C2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
with np.errstate(over="ignore"):
    k = np.arange(1, 2 * rows + 1, dtype=np.uint64)
    z = np.uint64(seed) + k * GAMMA                       # state after the k-th increment (wrapping)
    z = (z ^ (z >> np.uint64(30))) * C1
    z = (z ^ (z >> np.uint64(27))) * C2
    z = z ^ (z >> np.uint64(31))
u = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
u1, u2 = u[0::2], u[1::2]
y = u1 < 0.2
s = y.astype(np.float64) + 4 * u2
t = time.perf_counter()
auc = roc_auc_score(y, s)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "auc": float(auc), "rows": rows}))
