"""Peer for the end-to-end train case: pandas.read_csv + statsmodels Logit (Newton) + params written as JSON.

Usage: train_statsmodels.py FILE --target y -o OUT.json
The harness times the whole process (interpreter and imports included), as it does for `credit train`.
"""
import json, os, sys

import pandas as pd
import statsmodels.api as sm

path = sys.argv[1]
target = sys.argv[sys.argv.index("--target") + 1]
out = sys.argv[sys.argv.index("-o") + 1]
df = pd.read_csv(path)
res = sm.Logit(df[target], sm.add_constant(df.drop(columns=[target]))).fit(method="newton", disp=0)
doc = {"coefficients": {k: float(v) for k, v in res.params.items()},
       "standard_errors": {k: float(v) for k, v in res.bse.items()},
       "rows": int(res.nobs), "iterations": int(res.mle_retvals["iterations"])}
with open(out + ".tmp", "w") as f:
    json.dump(doc, f)
os.replace(out + ".tmp", out)
