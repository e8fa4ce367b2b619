#!/usr/bin/env python3
"""optbinning's default binning of every German credit characteristic, for PeerFixtureTests.

Run from the package root:  python3 Tests/CreditBinningTests/Fixtures/make_optbinning_default_fixture.py
Writes optbinning_default.json beside this script (tool versions inside).

For each characteristic of datasets/german_credit.csv (target `default`, bad = 1): optbinning
OptimalBinning(name, dtype) with every other argument at its default (monotonic_trend="auto": the trend is
chosen by optbinning's own heuristic among ascending, descending, peak and valley; 20 pre-bins of at least 5%
by a CART tree; the CP solver), its status, splits and total IV (binning_table.build()'s "IV" total).
The test asks `credit bin` with its defaults to reach at least 0.95 × this IV on each characteristic.
"""
import json, os
import importlib.metadata as md
import pandas as pd
from optbinning import OptimalBinning

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
df = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
y = df["default"].values
out = {"versions": {p: md.version(p) for p in ["optbinning", "pandas", "numpy", "ortools"]}, "characteristics": {}}
for name in df.columns:
    if name == "default":
        continue
    dtype = "numerical" if pd.api.types.is_numeric_dtype(df[name]) else "categorical"
    ob = OptimalBinning(name=name, dtype=dtype)
    ob.fit(df[name].values, y)
    t = ob.binning_table.build()
    splits = [s.tolist() if hasattr(s, "tolist") else s for s in ob.splits]
    out["characteristics"][name] = {"dtype": dtype, "status": ob.status, "iv": float(t["IV"].iloc[-1]),
                                    "splits": splits}
with open(os.path.join(here, "optbinning_default.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print("wrote optbinning_default.json:", {k: round(v["iv"], 4) for k, v in out["characteristics"].items()})
