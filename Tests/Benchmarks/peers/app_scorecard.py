"""Peer for the application-shaped scorecard train and binning cases: optbinning or scorecardpy, as documented.

Usage: app_scorecard.py FILE --target COL [--exclude A,B] --peer optbinning|scorecardpy [--bin-only]
- optbinning 1.0.0: BinningProcess(variable_names, categorical_variables=the text columns), its defaults
  otherwise, then Scorecard(estimator=LogisticRegression unpenalised, scaling_method="pdo_odds", PDO 20,
  odds 50, 600 points: our default scaling).
- scorecardpy 0.1.9.7: woebin(dt, y, x) (tree method, its defaults), woebin_ply, an unpenalised
  LogisticRegression on the WoE columns, scorecard(bins, model, points0=600, odds0=1/50, pdo=20).
With --bin-only the binning alone (the binning case). Prints one JSON line: {"iv": {column: IV}, and without
--bin-only "auc" (in-sample AUC of the fitted probabilities on the training rows, computed after training),
"auc_seconds" (its cost, which the harness subtracts from the process's wall time), "characteristics"}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from app_common import args, bad_flag, categorical, die, predictors

a = args(sys.argv)
bin_only = "--bin-only" in sys.argv
df = pd.read_csv(a["path"])
names = predictors(df, a)
y = bad_flag(df, a)
unpenalised = dict(C=np.inf, max_iter=1000)
if a["peer"] == "optbinning":
    from optbinning import BinningProcess, Scorecard
    bp = BinningProcess(variable_names=names, categorical_variables=categorical(df, names))
    if bin_only:
        bp.fit(df[names], y.to_numpy())
    else:
        card = Scorecard(binning_process=bp, estimator=LogisticRegression(**unpenalised), scaling_method="pdo_odds",
                         scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600})
        card.fit(df[names], y.to_numpy())
    fitted = bp if bin_only else card.binning_process_
    iv = {n: float(fitted.get_binned_variable(n).binning_table.build()["IV"].iloc[-1]) for n in names}
    t0 = time.perf_counter()
    auc = None if bin_only else float(roc_auc_score(y, card.predict_proba(df[names])[:, 1]))
elif a["peer"] == "scorecardpy":
    import scorecardpy as sc
    dt = df[names].copy()
    dt["__bad"] = y.to_numpy()
    bins = sc.woebin(dt, y="__bad", x=names, print_step=0, ignore_datetime_cols=False)
    if not bin_only:
        woe = sc.woebin_ply(dt, bins, print_step=0)
        xcols = [f"{n}_woe" for n in names if f"{n}_woe" in woe.columns]
        lr = LogisticRegression(**unpenalised).fit(woe[xcols], y)
        card = sc.scorecard(bins, lr, xcols, points0=600, odds0=1 / 50, pdo=20)
    iv = {n: float(b["total_iv"].iloc[0]) for n, b in bins.items()}
    t0 = time.perf_counter()
    auc = None if bin_only else float(roc_auc_score(y, lr.predict_proba(woe[xcols])[:, 1]))
else:
    die("--peer optbinning|scorecardpy")
out = {"iv": iv, "characteristics": len(names)}
if not bin_only:
    out.update(auc=auc, auc_seconds=time.perf_counter() - t0)
print(json.dumps(out))
