#!/usr/bin/env python3
"""scikit-learn's default logistic regression solver on unscaled German credit, against the maximum-likelihood
answer (statsmodels 0.15.0, recorded in Tests/CreditRegressionTests/Fixtures/statsmodels_fixtures.json, which our
`credit train` matches to 1e-6). Its output is recorded in notebooks-docs/reproducing-published-numbers.md.

    python3 notebooks-docs/peers/sklearn_lbfgs_german.py      (needs numpy, pandas, scikit-learn)

Coding as ours: numeric columns as they are; categorical columns one-hot against the first level in sorted
order; no penalty, so every solver should reach the same optimum.
"""
import json, os, warnings
import numpy as np
import pandas as pd
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ref = json.load(open(os.path.join(root, "Tests/CreditRegressionTests/Fixtures/statsmodels_fixtures.json")))["german"]
df = pd.read_csv(os.path.join(root, "datasets/german_credit.csv"))
y = df.pop("default").to_numpy(float)
cols = {}
for c in df.columns:
    if not pd.api.types.is_numeric_dtype(df[c]):
        for level in sorted(df[c].unique())[1:]:
            cols[f"{c}={level}"] = (df[c] == level).to_numpy(float)
    else:
        cols[c] = df[c].to_numpy(float)
X = pd.DataFrame(cols)[[t for t in ref["terms"] if t != "const"]].to_numpy()
truth = np.array(ref["params"])


def loglik(beta):
    eta = beta[0] + X @ beta[1:]
    return float(np.sum(y * eta - np.logaddexp(0, eta)))


print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, pandas {pd.__version__}")
print(f"maximum likelihood (statsmodels {ref.get('statsmodels', '0.15.0')} fixture): log-likelihood {ref['llf']:.6f}")
for solver, max_iter in [("lbfgs", 100), ("lbfgs", 10000), ("newton-cholesky", 100)]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always", ConvergenceWarning)
        m = LogisticRegression(penalty=None, solver=solver, max_iter=max_iter).fit(X, y)
    beta = np.concatenate([m.intercept_, m.coef_[0]])
    rel = np.max(np.abs(beta - truth) / np.maximum(np.abs(truth), 1e-12))
    worst = ref["terms"][int(np.argmax(np.abs(beta - truth) / np.maximum(np.abs(truth), 1e-12)))]
    warned = any(issubclass(x.category, ConvergenceWarning) for x in w)
    print(f"{solver:16s} max_iter {max_iter:5d}: iterations {int(m.n_iter_[0]):5d}, ConvergenceWarning {warned!s:5s}, "
          f"log-likelihood {loglik(beta):.6f}, max relative coefficient error {rel:.2e} ({worst})")
