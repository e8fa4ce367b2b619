"""Peer for the fit case: pandas.read_csv, then scikit-learn LogisticRegression(solver="newton-cholesky"), unpenalised.

Usage: fit_sklearn.py FILE --target y
scikit-learn >= 1.8 deprecates penalty=None in favour of C=inf; older versions take penalty=None.
Prints {"read_seconds", "fit_seconds", "iterations", "coefficients": {"const": ..., "x1": ...}}.
"""
import json, sys, time

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression

path, target = sys.argv[1], sys.argv[sys.argv.index("--target") + 1]
major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
unpenalised = {"C": np.inf} if (major, minor) >= (1, 8) else {"penalty": None}
t0 = time.perf_counter()
df = pd.read_csv(path)
t1 = time.perf_counter()
y = df[target].to_numpy()
features = [c for c in df.columns if c != target]
X = df[features].to_numpy(dtype=np.float64)
model = LogisticRegression(solver="newton-cholesky", tol=1e-10, max_iter=100, **unpenalised).fit(X, y)
t2 = time.perf_counter()
coef = {"const": float(model.intercept_[0])}
coef.update({name: float(b) for name, b in zip(features, model.coef_[0])})
print(json.dumps({"read_seconds": t1 - t0, "fit_seconds": t2 - t1, "iterations": int(model.n_iter_[0]),
                  "coefficients": coef}))
