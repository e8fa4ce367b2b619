"""Peer for the fit case: pandas.read_csv, then statsmodels Logit(y, add_constant(X)).fit(method="newton").

Usage: fit_statsmodels.py FILE --target y
Prints {"read_seconds", "fit_seconds", "iterations", "coefficients": {"const": ..., "x1": ...}}.
Only the fit (building the design matrix included) is in fit_seconds; the read is reported separately.
"""
import json, sys, time

import pandas as pd
import statsmodels.api as sm

path, target = sys.argv[1], sys.argv[sys.argv.index("--target") + 1]
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
y = df[target]
X = sm.add_constant(df.drop(columns=[target]))
res = sm.Logit(y, X).fit(method="newton", disp=0)
t2 = time.perf_counter()
print(json.dumps({"read_seconds": t1 - t0, "fit_seconds": t2 - t1,
                  "iterations": int(res.mle_retvals["iterations"]),
                  "converged": bool(res.mle_retvals["converged"]),
                  "coefficients": {k: float(v) for k, v in res.params.items()}}))
