#!/usr/bin/env python3
"""An independent percentile bootstrap of validate's metrics, on resamples the Swift test passes in.

Run from the package root (pip install numpy scipy scikit-learn):
    python3 Tests/CreditMetricsTests/Fixtures/make_bootstrap_fixture.py
Writes Tests/CreditMetricsTests/Fixtures/bootstrap_fixture.json, recording every tool's version.

Data: the first 300 rows of synthetic_scores.csv (outcome y, PD column pd1, rounded to 2 decimals, so many
ties). numpy draws B = 100 stratified resamples (bads from the bads, goods from the goods, with
replacement; generator default_rng(20261207)); the row indices are written into the JSON, and the Swift test
gives them to `Evaluation` (EvaluationOptions.bootstrapResamples), so both sides compute every metric on the
same rows. Per resample, with the tools named:
  scikit-learn   partial AUC roc_auc_score(max_fpr=0.2) (McClish-standardised); partial Gini 2*roc_auc_score - 1
                 on the rows with PD <= 0.4 (Lessmann et al. 2015); log_loss; brier_score_loss (Brier and Brier
                 skill 1 - Brier/(ybar(1 - ybar))); precision_score, recall_score, f1_score and confusion_matrix
                 (expected cost (FN*5 + FP*1)/N) at the cut-off P(bad) > 1/6; Gini 2*roc_auc_score - 1
  scipy          KS statistic (ks_2samp of the goods' and bads' PDs)
  numpy          ECE over 10 equal-width right-closed bins (searchsorted as sklearn's calibration_curve):
                 sum n_k/N |mean y_k - mean p_k|
The interval is numpy.percentile(values, [2.5, 97.5]) (method "linear" = R type 7), the standard error the
replicates' SD (ddof = 1), the estimate the metric on all 300 rows.
"""
import json, os, sys
import numpy as np
import scipy, sklearn
from scipy import stats
from sklearn import metrics

here = os.path.dirname(os.path.abspath(__file__))
raw = np.genfromtxt(os.path.join(here, "synthetic_scores.csv"), delimiter=",", skip_header=1, usecols=(0, 1))[:300]
y = raw[:, 0].astype(int)
p = raw[:, 1]
n = len(y)
CUTOFF = 1 / 6            # the Bayes cut-off of the 5:1 German credit costs
COST_BAD_AS_GOOD, COST_GOOD_AS_BAD = 5.0, 1.0
MAX_FPR, MAX_PD, BINS, B, LEVEL = 0.2, 0.4, 10, 100, 0.95


def ece(yy, pp):
    k = np.searchsorted(np.linspace(0, 1, BINS + 1)[1:-1], pp)
    out = 0.0
    for b in range(BINS):
        m = k == b
        if m.any():
            out += m.sum() / len(yy) * abs(yy[m].mean() - pp[m].mean())
    return out


def metric_values(yy, pp):
    pred = (pp > CUTOFF).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(yy, pred, labels=[0, 1]).ravel()
    base = yy.mean()
    brier = metrics.brier_score_loss(yy, pp)
    low = pp <= MAX_PD
    partial_gini = (2 * metrics.roc_auc_score(yy[low], pp[low]) - 1) if len(set(yy[low])) == 2 else float("nan")
    return {
        "gini": 2 * metrics.roc_auc_score(yy, pp) - 1,
        "ks": stats.ks_2samp(pp[yy == 0], pp[yy == 1]).statistic,
        "brier": brier,
        "partial_auc": metrics.roc_auc_score(yy, pp, max_fpr=MAX_FPR),
        "partial_gini": partial_gini,
        "brier_skill": 1 - brier / (base * (1 - base)),
        "log_loss": metrics.log_loss(yy, pp, labels=[0, 1]),
        "ece": ece(yy, pp),
        "precision": metrics.precision_score(yy, pred, zero_division=np.nan),
        "recall": metrics.recall_score(yy, pred),
        "f1": metrics.f1_score(yy, pred),
        "expected_cost": (fn * COST_BAD_AS_GOOD + fp * COST_GOOD_AS_BAD) / len(yy),
    }


rng = np.random.default_rng(20261207)
bads, goods = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
samples = [np.concatenate([rng.choice(bads, len(bads)), rng.choice(goods, len(goods))]) for _ in range(B)]
estimates = metric_values(y, p)
replicates = [metric_values(y[s], p[s]) for s in samples]
intervals = {}
for name, est in estimates.items():
    v = np.array([r[name] for r in replicates])
    v = v[np.isfinite(v)]
    lo, hi = np.percentile(v, [100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2])
    intervals[name] = {"estimate": float(est), "lower": float(lo), "upper": float(hi), "standard_error": float(v.std(ddof=1)),
                       "failed": int(B - len(v))}

out = {
    "rows": n, "bads": int(y.sum()), "cutoff": CUTOFF, "cost_bad_as_good": COST_BAD_AS_GOOD, "cost_good_as_bad": COST_GOOD_AS_BAD,
    "max_fpr": MAX_FPR, "max_pd": MAX_PD, "bins": BINS, "confidence_level": LEVEL,
    "samples": [s.tolist() for s in samples],
    "intervals": intervals,
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
}
with open(os.path.join(here, "bootstrap_fixture.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(json.dumps(out["versions"]), "bads", int(y.sum()), json.dumps({k: round(v["lower"], 4) for k, v in intervals.items()}))
