#!/usr/bin/env python3
"""Reference values for Tests/CreditScorecardTests/WeightedScorecardTests.swift (never from our own code).

Run from the package root (pandas 3.1, numpy 2.x, statsmodels 0.15.0 when generated; the JSON records them):
    /work/fixtures-venv/bin/python Tests/CreditScorecardTests/Fixtures/make_weighted_scorecard_fixture.py
Writes Tests/CreditScorecardTests/Fixtures/weighted_scorecard_fixture.json.

Data: datasets/german_credit.csv (target default, 1 = bad), with fractional frequency weights drawn here (seeded
numpy, uniform on [0.1, 3.0] rounded to 4 decimals; every 97th row weight 0).

Bins: fixed here, the same the test hands to the library (`BinningProcess.fixed`): numeric cut points, bins
[lower, upper) (a value equal to a cut goes to the bin above: np.searchsorted(cuts, x, side="right")), and one
group per level for a categorical characteristic. No bin lacks goods or bads, so no zero-count rule applies.

Which tool gives which value:
  pandas       per bin the weighted goods and bads (groupby-sum of the weights), WoE = ln(%bad/%good) with
               %bad = weighted bads in bin / all weighted bads (the library's sign convention), IV = sum over the
               bins of (%bad - %good) * WoE
  statsmodels  GLM(y, [1, WoE_1, ..., WoE_k], family=Binomial(), freq_weights=w): coefficients and standard
               errors of the WoE regression (each row's WoE is its bin's WoE from pandas)
"""
import json, os
from importlib.metadata import version
import numpy as np
import pandas as pd
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
data = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
n = len(data)
rng = np.random.default_rng(20261207)
w = np.round(rng.uniform(0.1, 3.0, n), 4)
w[::97] = 0.0
y = data["default"].to_numpy().astype(float)

numeric = {
    "duration_in_month": [12.0, 24.0, 36.0],
    "credit_amount": [1500.0, 4000.0, 8000.0],
    "age_in_years": [26.0, 35.0, 50.0],
}
categorical = {
    "status_of_existing_checking_account": [["no checking account"], ["... >= 200 DM / salary assignments for at least 1 year"],
                                            ["0 <= ... < 200 DM"], ["... < 0 DM"]],
}
order = list(numeric) + list(categorical)

frame = pd.DataFrame({"y": y, "w": w})
total_bad = (w * y).sum()
total_good = (w * (1 - y)).sum()
out = {"weights": w.tolist(), "characteristics": [], "rows": n}
woe_columns = []
for name in order:
    if name in numeric:
        bins = np.searchsorted(np.array(numeric[name]), data[name].to_numpy(), side="right")
        nbins = len(numeric[name]) + 1
    else:
        groups = categorical[name]
        lookup = {level: g for g, levels in enumerate(groups) for level in levels}
        bins = data[name].map(lookup).to_numpy()
        nbins = len(groups)
    frame["bin"] = bins
    sums = frame.assign(bad=frame.w * frame.y, good=frame.w * (1 - frame.y)).groupby("bin")[["good", "bad"]].sum()
    sums = sums.reindex(range(nbins), fill_value=0.0)
    assert (sums.good > 0).all() and (sums.bad > 0).all(), name
    pb, pg = sums.bad / total_bad, sums.good / total_good
    woe = np.log(pb / pg)
    iv = float(((pb - pg) * woe).sum())
    woe_columns.append(woe.to_numpy()[bins])
    entry = {"name": name, "woe": woe.tolist(), "weightedGoods": sums.good.tolist(), "weightedBads": sums.bad.tolist(),
             "informationValue": iv}
    if name in numeric:
        entry["cuts"] = numeric[name]
    else:
        entry["groups"] = categorical[name]
    out["characteristics"].append(entry)

X = np.column_stack([np.ones(n)] + woe_columns)
fit = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=w).fit(tol=1e-14, maxiter=100)
out["coefficients"] = fit.params.tolist()
out["standardErrors"] = fit.bse.tolist()
out["tools"] = {"python": __import__("platform").python_version(), "numpy": version("numpy"), "pandas": version("pandas"),
                "statsmodels": version("statsmodels")}
with open(os.path.join(here, "weighted_scorecard_fixture.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("coefficients", out["coefficients"])
