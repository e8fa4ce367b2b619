#!/usr/bin/env python3
"""Reference values for Tests/CreditKitTests (the getting-started article and Examples/ScoreWithMetrics), from
independent tools (never from our own code).

Run from the package root with the tools installed (pip install statsmodels scikit-learn pandas numpy scipy):
    python3 Tests/CreditKitTests/Fixtures/make_getting_started_fixture.py
Writes getting_started_fixture.json beside this script, recording every tool's version.

Which tool gives which value, on datasets/german_credit.csv (all 20 attributes, target default, 1 = bad):
  statsmodels    the in-sample logistic regression: Logit(y, X).fit(method="newton") with the design coded as
                 ours (numeric columns as they are; text columns one-hot against the first level in sorted
                 code-point order, "column=level"; "const" first); the fitted PD of the first rows
                 (res.predict()) and of row 1 (applicant_row1_pd)
  scikit-learn   AUC of the in-sample fitted PDs (roc_auc_score)
  numpy          DeLong variance by brute force over all (bad, good) pairs (placements V10, V01 with ddof = 1;
                 a different algorithm from our midrank one) and the 95% interval AUC ± z·SE (pROC's ci.auc
                 with method = "delong"); z from scipy.stats.norm.ppf(0.975)
"""
import json, os, warnings
from importlib.metadata import version

import numpy as np
import pandas as pd
import scipy.stats
import statsmodels.api as sm
from sklearn.metrics import roc_auc_score

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))

german = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
target = "default"
cols, names = [np.ones(len(german))], ["const"]
for c in german.columns:
    if c == target:
        continue
    s = german[c]
    if pd.api.types.is_numeric_dtype(s):
        cols.append(s.astype(float).to_numpy()); names.append(c)
    else:
        for lv in sorted(set(s))[1:]:
            cols.append((s == lv).astype(float).to_numpy()); names.append(f"{c}={lv}")
X = np.column_stack(cols)
y = german[target].astype(float).to_numpy()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    res = sm.Logit(y, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
fitted = res.predict()

# DeLong by brute force: psi over every (bad, good) pair.
pos, neg = fitted[y == 1], fitted[y == 0]
psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
auc_bruteforce = psi.mean()
variance = v10.var(ddof=1) / len(v10) + v01.var(ddof=1) / len(v01)
z = scipy.stats.norm.ppf(0.975)
auc = roc_auc_score(y, fitted)
se = np.sqrt(variance)

out = {
    "generator": "make_getting_started_fixture.py",
    "versions": {k: version(k) for k in ["statsmodels", "scikit-learn", "numpy", "pandas", "scipy"]},
    "fit_call": "sm.Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100)",
    "terms": names,
    "params": res.params.tolist(),
    "bse": res.bse.tolist(),
    "pvalues": res.pvalues.tolist(),
    "llf": res.llf,
    "fitted_first_rows": fitted[:5].tolist(),
    "applicant_row1": {c: str(german[c].iloc[0]) for c in german.columns if c != target},
    "applicant_row1_pd": float(fitted[0]),
    "auc_sklearn": auc,
    "auc_bruteforce": auc_bruteforce,
    "delong_variance_bruteforce": variance,
    "delong_ci95_lower": max(0.0, auc - z * se),
    "delong_ci95_upper": min(1.0, auc + z * se),
}
with open(os.path.join(here, "getting_started_fixture.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(json.dumps(out["versions"]), "AUC", auc, "CI", out["delong_ci95_lower"], out["delong_ci95_upper"])
