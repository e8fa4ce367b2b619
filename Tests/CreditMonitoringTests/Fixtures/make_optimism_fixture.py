#!/usr/bin/env python3
"""Reference values for the bootstrap optimism-corrected AUC (Tests/CreditMonitoringTests/InSampleBaseTests.swift),
from independent tools (never from our own code).

Run from the package root with numpy, pandas, statsmodels and scikit-learn installed:
    python3 Tests/CreditMonitoringTests/Fixtures/make_optimism_fixture.py
Writes Tests/CreditMonitoringTests/Fixtures/optimism_fixture.json, recording every tool's version.

The data: 300 seeded loans, three numeric predictors (x3 is noise) and a categorical one (grp: a, b, c), the
target `bad` from a logistic model. The bootstrap samples: 40 draws of 300 row indices with replacement
(numpy default_rng(20261207)), written into the JSON so that the Swift test refits on the very same samples.

Which tool gives which value:
  statsmodels  Logit(...).fit(method="newton") for the apparent fit and every refit, on the design
               [1, x1, x2, x3, grp=b, grp=c] (reference level a, as credit train codes it)
  scikit-learn roc_auc_score for AUC_b(sample b) and AUC_b(original rows)
  numpy        optimism = mean(AUC_b(sample b) - AUC_b(original)); corrected = apparent - optimism
               (Efron 1983; Harrell, Lee & Mark 1996)
"""
import io, json, os
from importlib.metadata import version
import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.metrics import roc_auc_score

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(7)
n = 300
x1 = np.round(rng.normal(size=n), 3)
x2 = np.round(rng.normal(size=n), 3)
x3 = np.round(rng.normal(size=n), 3)
grp = rng.choice(["a", "b", "c"], size=n)
eta = -1.0 + 0.9 * x1 - 0.6 * x2 + 0.5 * (grp == "b") - 0.4 * (grp == "c")
bad = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
df = pd.DataFrame({"x1": x1, "x2": x2, "x3": x3, "grp": grp, "bad": bad})
buf = io.StringIO()
df.to_csv(buf, index=False, lineterminator="\n")
csv_text = buf.getvalue()

X = np.column_stack([np.ones(n), x1, x2, x3, (grp == "b").astype(float), (grp == "c").astype(float)])
y = bad.astype(float)

def fit(Xs, ys):
    return sm.Logit(ys, Xs).fit(method="newton", tol=1e-12, maxiter=100, disp=0).params

beta = fit(X, y)
apparent = roc_auc_score(y, X @ beta)
boot = np.random.default_rng(20261207).integers(0, n, size=(40, n))
optimisms = []
for s in boot:
    b = fit(X[s], y[s])
    optimisms.append(roc_auc_score(y[s], X[s] @ b) - roc_auc_score(y, X @ b))
optimism = float(np.mean(optimisms))
out = {
    "tools": {"numpy": np.__version__, "pandas": pd.__version__, "statsmodels": version("statsmodels"),
              "scikit-learn": version("scikit-learn")},
    "csv": csv_text,
    "target": "bad",
    "coefficients": [float(v) for v in beta],
    "resamples": boot.tolist(),
    "apparent": float(apparent),
    "optimisms": [float(v) for v in optimisms],
    "optimism": optimism,
    "optimism_standard_error": float(np.std(optimisms, ddof=1) / np.sqrt(len(optimisms))),
    "corrected": float(apparent - optimism),
}
with open(os.path.join(here, "optimism_fixture.json"), "w") as f:
    json.dump(out, f, indent=1)
print(f"apparent {apparent:.6f} optimism {optimism:.6f} corrected {apparent - optimism:.6f}")
