#!/usr/bin/env python3
"""Reference profile for Tests/CreditTabularTests/ColumnProfilerTests (independent of our code).

Run from the package root with numpy and pandas installed (the versions used are recorded in the output):
    python3 Tests/CreditTabularTests/Fixtures/make_profile_fixture.py
Writes, beside this script:
- profile_data.csv: 5,000 seeded rows (numpy default_rng(20261207)) with
  income   lognormal amounts rounded to cents, about 7% missing (empty field), some repeated values;
  age      integers 18..79 (many ties), about 2% "NA";
  score    normal(600, 50) at full precision plus one huge offset row (1e9) to stress the sums;
  purpose  categorical, 12 levels with distinct frequencies (no ties among the top three), 3% empty;
  default  0/1 target, about 1% missing (empty), bad rate depending on the missing pattern of income.
- profile_fixture.json: for every column pandas' count, missing, nunique, and for numeric columns the mean,
  sample standard deviation (ddof=1), min, max and the 0.25/0.5/0.75 quantiles (numpy/pandas' default linear
  interpolation, Hyndman-Fan type 7); for purpose the three most frequent levels with counts; for every column
  the bad rate of default among the rows where the column is missing and the target is known; the target's
  bads, goods and missing. The mean is also given as math.fsum(x)/n (the correctly rounded sum).
"""
import json, math, os
import importlib.metadata as md
import numpy as np
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261207)
n = 5_000

income = np.round(rng.lognormal(mean=10.2, sigma=0.6, size=n), 2)
income[rng.integers(0, n, size=n // 50)] = 25000.0                 # a repeated value
income_missing = rng.random(n) < 0.07
age = rng.integers(18, 80, size=n).astype(float)
age_missing = rng.random(n) < 0.02
score = rng.normal(600, 50, size=n)
score[1234] = 1e9
levels = [f"p{k:02d}" for k in range(12)]
weights = np.array([30, 22, 15, 9, 7, 5, 4, 3, 2, 1.5, 1, 0.5])
purpose = rng.choice(levels, size=n, p=weights / weights.sum())
purpose_missing = rng.random(n) < 0.03
p_bad = np.where(income_missing, 0.45, 0.25)
default = (rng.random(n) < p_bad).astype(int)
default_missing = rng.random(n) < 0.01

def fmt(x):
    return repr(float(x))                                              # shortest round-trip text

with open(os.path.join(here, "profile_data.csv"), "w") as f:
    f.write("income,age,score,purpose,default\n")
    for i in range(n):
        f.write(",".join([
            "" if income_missing[i] else fmt(income[i]),
            "NA" if age_missing[i] else str(int(age[i])),
            fmt(score[i]),
            "" if purpose_missing[i] else purpose[i],
            "" if default_missing[i] else str(default[i]),
        ]) + "\n")

df = pd.read_csv(os.path.join(here, "profile_data.csv"), keep_default_na=False, na_values=["", "NA"])
target = df["default"]
known = target.notna()
out = {"versions": {p: md.version(p) for p in ["numpy", "pandas"]}, "rows": int(len(df)), "columns": {}}
for name in df.columns:
    col = df[name]
    miss = col.isna()
    entry = {"count": int(col.notna().sum()), "missing": int(miss.sum()), "distinct": int(col.nunique())}
    if pd.api.types.is_numeric_dtype(col):
        x = col.dropna().to_numpy(dtype=float)
        entry.update({
            "mean": float(np.mean(x)), "mean_fsum": math.fsum(x) / len(x), "std": float(np.std(x, ddof=1)),
            "min": float(x.min()), "max": float(x.max()),
            "q25": float(np.quantile(x, 0.25)), "median": float(np.quantile(x, 0.5)), "q75": float(np.quantile(x, 0.75)),
        })
    else:
        vc = col.value_counts()
        entry["top"] = [[str(k), int(v)] for k, v in vc.head(3).items()]
    sel = miss & known
    if sel.sum() > 0:
        entry["bad_rate_when_missing"] = float((target[sel] == 1).mean())
    out["columns"][name] = entry
out["target"] = {"bads": int((target == 1).sum()), "goods": int((target == 0).sum()), "missing": int(target.isna().sum())}
with open(os.path.join(here, "profile_fixture.json"), "w") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
