#!/usr/bin/env python3
"""Peer reference values for Tests/CreditBinningTests and Tests/CreditScorecardTests (independent of our code).

Run from the package root with the peers installed (pip install optbinning scorecardpy==0.1.9.7 statsmodels):
    python3 Tests/CreditBinningTests/Fixtures/make_peer_fixtures.py
Writes peer_fixtures.json beside this script (tool versions inside).

1. "fixed_cuts": WoE and IV per bin for given cut points on German credit numeric attributes, from
   scorecardpy.woebin(breaks_list=...) and optbinning OptimalBinning(user_splits=..., fixed). Cut points are
   data values; all three tools put a value equal to a cut in the bin on its right ([a, b)).
   Signs: scorecardpy ln(%bad/%good) (ours); optbinning ln(%good/%bad).
2. "optimal": optbinning OptimalBinning IV and splits under monotonic_trend="auto_asc_desc",
   min_bin_size=0.05, min_bin_n_event=1, min_bin_n_nonevent=1 (and max_n_bins=4).
4. "gini_tree": scikit-learn DecisionTreeClassifier(criterion="gini", max_leaf_nodes=20,
   min_samples_leaf=ceil(0.05 n)) thresholds (optbinning's CART pre-binning) on German numeric attributes.
3. "scorecard": statsmodels Logit on scorecardpy's WoE coding (woebin_ply) of the "fixed_cuts" bins;
   coefficients, and raw points per bin by the scaling of notebooks-docs/definitions.md, §Scaling (600 at 50:1
   good:bad, PDO 20):
   points = Offset/k - Factor*(beta_j*woe + a/k).
"""
import json, os, math, warnings
import importlib.metadata as md
import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
df = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
y = df["default"].values

cuts = {
    "duration_in_month": [12, 16, 24, 36],
    "credit_amount": [1300, 2000, 3900, 7900],
    "age_in_years": [26, 30, 36, 46],
    "installment_rate_in_percentage_of_disposable_income": [2, 3, 4],
}
numeric = ["duration_in_month", "credit_amount", "installment_rate_in_percentage_of_disposable_income",
           "present_residence_since", "age_in_years", "number_of_existing_credits_at_this_bank",
           "number_of_people_being_liable_to_provide_maintenance_for"]

out = {"versions": {p: md.version(p) for p in ["scorecardpy", "optbinning", "pandas", "numpy", "statsmodels", "scikit-learn"]},
       "fixed_cuts": {}, "optimal": {}, "scorecard": {}}

import scorecardpy as sc
from optbinning import OptimalBinning

sub = df[list(cuts) + ["default"]]
bins = sc.woebin(sub, y="default", breaks_list={k: v for k, v in cuts.items()}, print_info=False)
for name, c in cuts.items():
    b = bins[name]
    ob = OptimalBinning(name=name, dtype="numerical", user_splits=np.array(c, dtype=float),
                        user_splits_fixed=[True] * len(c), monotonic_trend=None)
    ob.fit(df[name].values, y)
    t = ob.binning_table.build()
    k = len(c) + 1
    out["fixed_cuts"][name] = {
        "cuts": c,
        "scorecardpy": {"count": b["count"].tolist(), "bad": b["bad"].tolist(), "woe": b["woe"].tolist(),
                        "bin_iv": b["bin_iv"].tolist(), "total_iv": float(b["total_iv"].iloc[0])},
        "optbinning": {"count": t["Count"].iloc[:k].astype(int).tolist(),
                       "event": t["Event"].iloc[:k].astype(int).tolist(),
                       "woe": t["WoE"].iloc[:k].astype(float).tolist(),
                       "iv": t["IV"].iloc[:k].astype(float).tolist(), "total_iv": float(t["IV"].iloc[-1])},
    }

for max_bins in [None, 4]:
    key = "max_bins_none" if max_bins is None else f"max_bins_{max_bins}"
    out["optimal"][key] = {}
    for name in numeric:
        ob = OptimalBinning(name=name, dtype="numerical", monotonic_trend="auto_asc_desc", min_bin_size=0.05,
                            min_bin_n_event=1, min_bin_n_nonevent=1, max_n_bins=max_bins)
        ob.fit(df[name].values, y)
        t = ob.binning_table.build()
        out["optimal"][key][name] = {"status": ob.status, "splits": ob.splits.tolist(), "iv": float(t["IV"].iloc[-1])}

from sklearn.tree import DecisionTreeClassifier
out["gini_tree"] = {}
for name in numeric:
    tree = DecisionTreeClassifier(criterion="gini", max_leaf_nodes=20, min_samples_leaf=math.ceil(0.05 * len(df)))
    tree.fit(df[[name]].values, y)
    th = sorted(float(t) for t, f in zip(tree.tree_.threshold, tree.tree_.feature) if f >= 0)
    out["gini_tree"][name] = th

import statsmodels.api as sm
woe = sc.woebin_ply(sub, bins)
names = list(cuts)
X = sm.add_constant(woe[[n + "_woe" for n in names]].values)
fit = sm.Logit(y, X).fit(disp=0, tol=1e-12, maxiter=100)
beta = fit.params.tolist()
factor = 20 / math.log(2)
offset = 600 - factor * math.log(50)
kchar = len(names)
points = {}
for j, n in enumerate(names):
    w = bins[n]["woe"].tolist()
    points[n] = [offset / kchar - factor * (beta[j + 1] * wi + beta[0] / kchar) for wi in w]
out["scorecard"] = {"names": names, "coefficients": beta, "standard_errors": fit.bse.tolist(),
                    "factor": factor, "offset": offset, "raw_points": points}

with open(os.path.join(here, "peer_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.join(here, "peer_fixtures.json"))
