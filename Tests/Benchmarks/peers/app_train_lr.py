"""Peer for the application-shaped LR train case: pandas.read_csv + get_dummies + statsmodels Logit (Newton) or
scikit-learn LogisticRegression(solver="newton-cholesky") unpenalised, on the coding `credit train` uses.

Usage: app_train_lr.py FILE --target COL [--exclude A,B] --peer statsmodels|sklearn -o OUT.json
The coding is ours: rows with a blank in any predictor are dropped (listwise, as `credit train` does), every
text column is one-hot coded against its first level in sorted order (`get_dummies(drop_first=True)`, named
`column=level` as our term names are), numeric columns enter as they are. scikit-learn >= 1.8 takes C=inf for
no penalty (penalty=None elsewhere), tol 1e-10. Writes {"coefficients": {"const": ..., term: ...}, "rows",
"iterations"} to OUT; the harness times the whole process.
"""
import json
import os
import sys

import numpy as np
import pandas as pd

from app_common import args, bad_flag, die, predictors

a = args(sys.argv)
df = pd.read_csv(a["path"])
names = predictors(df, a)
used = df[names + [a["target"]]].dropna()
y = bad_flag(used, a).to_numpy()
X = pd.get_dummies(used[names], prefix_sep="=", drop_first=True, dtype=float)
if a["peer"] == "statsmodels":
    import statsmodels.api as sm
    res = sm.Logit(y, sm.add_constant(X)).fit(method="newton", disp=0, maxiter=100)
    coef = {k: float(v) for k, v in res.params.items()}
    iterations = int(res.mle_retvals["iterations"])
elif a["peer"] == "sklearn":
    import sklearn
    from sklearn.linear_model import LogisticRegression
    major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
    unpenalised = {"C": np.inf} if (major, minor) >= (1, 8) else {"penalty": None}
    model = LogisticRegression(solver="newton-cholesky", tol=1e-10, max_iter=100, **unpenalised)
    model.fit(X.to_numpy(), y)
    coef = {"const": float(model.intercept_[0])}
    coef.update({str(n): float(b) for n, b in zip(X.columns, model.coef_[0])})
    iterations = int(model.n_iter_[0])
else:
    die("--peer statsmodels|sklearn")
with open(a["output"] + ".tmp", "w") as f:
    json.dump({"coefficients": coef, "rows": int(len(used)), "iterations": iterations}, f)
os.replace(a["output"] + ".tmp", a["output"])
print(json.dumps({"rows": int(len(used)), "terms": len(coef), "iterations": iterations}))
