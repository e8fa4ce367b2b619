"""Peer for the binning case: pandas.read_csv + optbinning BinningProcess over every column but the target.

Usage: bin_optbinning.py FILE --target y
Same constraints as `credit bin` defaults: monotonic trend "auto_asc_desc" (ours: auto = the better of ascending
and descending), min bin size 5%, at least one event and one non-event per bin, all cores (n_jobs=-1).
optbinning pre-bins with a CART tree (max 20 pre-bins of >= 5%); ours uses up to 100 fine classes.
Prints one JSON line: {"read_seconds", "bin_seconds", "iv": {column: IV}}. The harness times the whole process.
"""
import json, sys, time

import pandas as pd
from optbinning import BinningProcess

path = sys.argv[1]
target = sys.argv[sys.argv.index("--target") + 1]
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
names = [c for c in df.columns if c != target]
params = {n: {"monotonic_trend": "auto_asc_desc", "min_bin_n_event": 1, "min_bin_n_nonevent": 1} for n in names}
bp = BinningProcess(variable_names=names, min_bin_size=0.05, binning_fit_params=params, n_jobs=-1)
bp.fit(df[names].values, df[target].values)
t2 = time.perf_counter()
iv = {n: float(bp.get_binned_variable(n).binning_table.build()["IV"].iloc[-1]) for n in names}
print(json.dumps({"read_seconds": t1 - t0, "bin_seconds": t2 - t1, "iv": iv}))
