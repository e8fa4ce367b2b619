#!/usr/bin/env python3
"""Reference values for Tests/CreditMetricsTests from independent tools (never from our own code).

Run from the package root with the tools installed (pip install scikit-learn scipy statsmodels pandas
hmeasure empulse scikit-posthocs):
    python3 Tests/CreditMetricsTests/Fixtures/make_metrics_fixtures.py
Writes Tests/CreditMetricsTests/Fixtures/synthetic_scores.csv (the seeded test data) and metrics_fixtures.json,
recording every tool's version.

Which tool gives which value:
  scikit-learn   AUC, ROC points, partial AUC (max_fpr), Brier, log loss, calibration_curve, confusion matrix,
                 precision/recall/F1
  scipy          KS statistic (ks_2samp), beta/binom tails (grade tests), studentized-range quantile (Nemenyi
                 critical difference), Friedman chi2
(The incomplete beta, binomial, F and studentized-range functions themselves are checked against scipy in
Tests/CreditProbabilityTests, fixture script Tests/CreditProbabilityTests/Fixtures/make_probability_fixture.py.)
  statsmodels    calibration intercept/slope (Logit) and calibration-in-the-large (GLM with offset), Holm
  hmeasure       H-measure (PyPI port of R hmeasure), default prior and severity ratio 1 (Beta(2,2))
  empulse        EMP for credit scoring (empcs_score), Verbraken et al. 2014 defaults
  scikit-posthocs Nemenyi pairwise p-values after Friedman
  numpy/pandas   brute-force O(m*n) DeLong placements (a different algorithm from our midrank one),
                 Hosmer-Lemeshow as R ResourceSelection::hoslem.test, Spiegelhalter z as rms::val.prob,
                 binned Murphy decomposition, ECE, gains table, KS threshold by brute force
"""
import json, os, sys
import numpy as np
import pandas as pd
import scipy, sklearn, statsmodels
from scipy import stats
from sklearn import metrics
from sklearn.calibration import calibration_curve
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests
import hmeasure, empulse
from hmeasure import h_score
from empulse.metrics import empcs_score
import scikit_posthocs as sp
from importlib.metadata import version

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240601)

# --- Synthetic data: 1,500 rows, ~20% bad, two PD columns rounded to 2 decimals (many ties) -------------
n = 1500
x = rng.normal(size=n)
z = rng.normal(size=n)
eta = -1.6 + 1.1 * x + 0.4 * z
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
pd1 = np.round(1 / (1 + np.exp(-(-1.5 + 1.0 * x + 0.3 * z))), 2)          # good, slightly miscalibrated
pd2 = np.round(1 / (1 + np.exp(-(-1.4 + 0.6 * x + 0.6 * rng.normal(size=n)))), 2)   # weaker
grade = np.where(pd1 < 0.05, "A", np.where(pd1 < 0.15, "B", np.where(pd1 < 0.35, "C", "D")))
pd.DataFrame({"y": y, "pd1": pd1, "pd2": pd2, "grade": grade}).to_csv(os.path.join(here, "synthetic_scores.csv"), index=False)


def delong_bruteforce(score, y):
    pos, neg = score[y == 1], score[y == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    auc = psi.mean()
    return auc, v10, v01


def discrimination(score, y):
    auc, v10, v01 = delong_bruteforce(score, y)
    m, k = len(v10), len(v01)
    var = v10.var(ddof=1) / m + v01.var(ddof=1) / k
    fpr, tpr, thr = metrics.roc_curve(y, score, drop_intermediate=False)
    # KS threshold by brute force: max over distinct t of P(score >= t | bad) - P(score >= t | good), highest t on ties.
    best = (-2, None)
    for t in sorted(np.unique(score), reverse=True):
        d = (score[y == 1] >= t).mean() - (score[y == 0] >= t).mean()
        if d > best[0] + 1e-15:
            best = (d, float(t))
    sub = score <= 0.4
    return {
        "auc_sklearn": metrics.roc_auc_score(y, score),
        "auc_bruteforce": auc,
        "delong_variance": var,
        "roc_fpr": fpr.tolist(), "roc_tpr": tpr.tolist(), "roc_threshold": [float(t) for t in thr[1:]],
        "ks_scipy": stats.ks_2samp(score[y == 1], score[y == 0]).statistic,
        "ks_threshold_bruteforce": best[1],
        "partial_auc_sklearn_0.1": metrics.roc_auc_score(y, score, max_fpr=0.1),
        "partial_auc_sklearn_0.4": metrics.roc_auc_score(y, score, max_fpr=0.4),
        "partial_gini_0.4_sklearn": 2 * metrics.roc_auc_score(y[sub], score[sub]) - 1,
        "h_default_hmeasure": h_score(y, score),
        "h_beta22_hmeasure": h_score(y, score, severity_ratio=1.0),
        "emp_empulse": empcs_score(y, score, success_rate=0.55, default_rate=0.1, roi=0.2644),
        "v10": None, "v01": None,
    }


def calibration(p, y):
    out = {}
    out["brier_sklearn"] = metrics.brier_score_loss(y, p)
    out["log_loss_sklearn"] = metrics.log_loss(y, p)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    out["calibration_curve_true"] = prob_true.tolist()
    out["calibration_curve_pred"] = prob_pred.tolist()
    # Binned Murphy decomposition and ECE with sklearn's bins (right-closed, first [0, 0.1]).
    bins = np.searchsorted(np.linspace(0, 1, 11)[1:-1], p)
    N, base = len(p), y.mean()
    rel = res = ece = 0.0
    for b in np.unique(bins):
        s = bins == b
        rel += s.sum() * (p[s].mean() - y[s].mean()) ** 2
        res += s.sum() * (y[s].mean() - base) ** 2
        ece += s.sum() / N * abs(y[s].mean() - p[s].mean())
    out["murphy_reliability"] = rel / N
    out["murphy_resolution"] = res / N
    out["murphy_uncertainty"] = base * (1 - base)
    out["ece_10"] = ece
    # Hosmer-Lemeshow as ResourceSelection::hoslem.test(y, p, g = 10).
    edges = np.unique(np.quantile(p, np.linspace(0, 1, 11)))
    grp = pd.cut(p, edges, include_lowest=True)
    df = pd.DataFrame({"g": grp, "y": y, "p": p}).groupby("g", observed=True).agg(o1=("y", "sum"), e1=("p", "sum"), n=("y", "size"))
    chi = (((df.o1 - df.e1) ** 2 / df.e1) + (((df.n - df.o1) - (df.n - df.e1)) ** 2 / (df.n - df.e1))).sum()
    out["hl_statistic"] = float(chi)
    out["hl_groups"] = int(len(df))
    out["hl_pvalue"] = float(stats.chi2.sf(chi, len(df) - 2))
    # Spiegelhalter z as rms::val.prob.
    zs = np.sum((y - p) * (1 - 2 * p)) / np.sqrt(np.sum((1 - 2 * p) ** 2 * p * (1 - p)))
    out["spiegelhalter_z"] = float(zs)
    out["spiegelhalter_p"] = float(2 * stats.norm.sf(abs(zs)))
    # Calibration intercept/slope: Logit of y on logit(p); in the large: GLM binomial, offset logit(p).
    q = np.clip(p, 1e-15, 1 - 1e-15)
    lp = np.log(q / (1 - q))
    fit = sm.Logit(y, sm.add_constant(lp)).fit(disp=0, tol=1e-12, maxiter=100)
    out["cal_intercept"], out["cal_slope"] = fit.params.tolist()
    out["cal_intercept_se"], out["cal_slope_se"] = fit.bse.tolist()
    glm = sm.GLM(y, np.ones((len(y), 1)), family=sm.families.Binomial(), offset=lp).fit(tol=1e-13)
    out["cal_in_the_large"] = float(glm.params[0])
    out["cal_in_the_large_se"] = float(glm.bse[0])
    # Confusion at P(bad) > 1/6, German credit cost 5:1.
    pred = (p > 1 / 6).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(y, pred).ravel()
    out["confusion_1_6"] = {"tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
                            "precision": metrics.precision_score(y, pred), "recall": metrics.recall_score(y, pred),
                            "f1": metrics.f1_score(y, pred), "expected_cost": float((5 * fn + fp) / len(y))}
    # Gains by decile: stable sort by score descending, bands of floor(n(g+1)/10) - floor(ng/10) rows.
    order = np.argsort(-p, kind="stable")
    ys = y[order]
    cuts = [len(p) * g // 10 for g in range(11)]
    bads = [int(ys[cuts[g]:cuts[g + 1]].sum()) for g in range(10)]
    out["gains_bads"] = bads
    out["gains_capture"] = (np.cumsum(bads) / y.sum()).tolist()
    out["gains_lift"] = [(bads[g] / (cuts[g + 1] - cuts[g])) / y.mean() for g in range(10)]
    return out


d1 = discrimination(pd1, y)
d2 = discrimination(pd2, y)
# Paired DeLong by brute-force placements.
a1, v10a, v01a = delong_bruteforce(pd1, y)
a2, v10b, v01b = delong_bruteforce(pd2, y)
m, k = len(v10a), len(v01a)
S10, S01 = np.cov(np.vstack([v10a, v10b])), np.cov(np.vstack([v01a, v01b]))
S = S10 / m + S01 / k
zp = (a1 - a2) / np.sqrt(S[0, 0] + S[1, 1] - 2 * S[0, 1])
paired = {"z": float(zp), "p": float(2 * stats.norm.sf(abs(zp)))}

# Grade tests (ECB 2019): Jeffreys = Beta(D+1/2, N-D+1/2).cdf(PD); binomial = P(Bin(N, PD) >= D), PD = mean PD.
grades = {}
for g in sorted(set(grade)):
    s = grade == g
    N, D, PDg = int(s.sum()), int(y[s].sum()), float(pd1[s].mean())
    grades[g] = {"rows": N, "defaults": D, "pd": PDg, "jeffreys": float(stats.beta.cdf(PDg, D + 0.5, N - D + 0.5)),
                 "binomial": float(stats.binom.sf(D - 1, N, PDg))}

# Edge cases for H and EMP: a perfect score and constant scores.
yp = np.array([0, 0, 0, 1, 0, 1, 1, 0, 1, 1])
sp_perfect = np.where(yp == 1, 0.9, 0.1) + np.linspace(0, 0.05, 10)
edge = {"perfect_y": yp.tolist(), "perfect_score": sp_perfect.tolist(),
        "perfect_h": h_score(yp, sp_perfect), "perfect_emp": empcs_score(yp, sp_perfect),
        "constant_h": h_score(yp, np.full(10, 0.3)), "constant_emp": empcs_score(yp, np.full(10, 0.3))}

# Friedman / Nemenyi / Holm on a seeded 12 datasets x 4 methods AUC matrix (one tied row).
perf = np.round(0.70 + 0.08 * rng.uniform(size=(12, 4)) + np.array([0.03, 0.0, 0.015, -0.01]), 3)
perf[3, 1] = perf[3, 2]
ranks = np.vstack([stats.rankdata(-row) for row in perf]).mean(axis=0)
fr = stats.friedmanchisquare(*perf.T)
kk, NN = perf.shape[1], perf.shape[0]
se = np.sqrt(kk * (kk + 1) / (6 * NN))
pairs = [(i, j) for i in range(kk) for j in range(i + 1, kk)]
zs = [(ranks[i] - ranks[j]) / se for i, j in pairs]
pz = [2 * stats.norm.sf(abs(v)) for v in zs]
holm = multipletests(pz, method="holm")[1]
nem = sp.posthoc_nemenyi_friedman(perf).values
friedman = {"performance": perf.tolist(), "average_ranks": ranks.tolist(), "chi2": float(fr.statistic), "p": float(fr.pvalue),
            "cd_0.05": float(stats.studentized_range.ppf(0.95, kk, np.inf) / np.sqrt(2) * se),
            "pairs": [[i, j] for i, j in pairs], "holm": holm.tolist(), "nemenyi": [float(nem[i, j]) for i, j in pairs]}

out = {
    "generator": "make_metrics_fixtures.py",
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
                 "scikit-learn": sklearn.__version__, "statsmodels": statsmodels.__version__,
                 "hmeasure": version("hmeasure"), "empulse": version("empulse"), "scikit-posthocs": version("scikit-posthocs")},
    "pd1": d1 | {"calibration": calibration(pd1, y)}, "pd2": d2,
    "paired_delong_pd1_pd2": paired, "grades": grades, "edge": edge,
    "friedman": friedman,
}
with open(os.path.join(here, "metrics_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out["versions"]), "bads", int(y.sum()), "AUC", d1["auc_sklearn"], d2["auc_sklearn"])
