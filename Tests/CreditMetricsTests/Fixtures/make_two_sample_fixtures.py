#!/usr/bin/env python3
"""Reference values for the two-sample default-rate test, Holm's family-wise adjustment and the Clopper-Pearson
interval (Tests/CreditMetricsTests/TwoSampleRateTests.swift), from independent tools (never from our own code).

Run from the package root (pip install scipy statsmodels numpy):
    python3 Tests/CreditMetricsTests/Fixtures/make_two_sample_fixtures.py
Writes Tests/CreditMetricsTests/Fixtures/two_sample_fixtures.json, recording every tool's version.

Which tool gives which value:
  statsmodels  proportions_ztest([D1, D0], [N1, N0]) (pooled, two-sided): z and p;
               multipletests(p, alpha, method="holm"): adjusted p-values and rejections;
               proportion_confint(x, n, alpha, method="beta"): Clopper-Pearson interval
  scipy        fisher_exact([[D1, N1 - D1], [D0, N0 - D0]]) (two-sided): p
The method our code should use (z when every expected cell count is >= 5, else Fisher) is computed here from the
margins, independently.
"""
import json, os, sys
import numpy as np
import scipy, statsmodels
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, proportion_confint
from statsmodels.stats.multitest import multipletests

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261207)

cases = [(30, 300, 50, 1000), (120, 1000, 100, 1000), (6, 40, 3, 60), (0, 25, 4, 80), (2, 10, 0, 10),
         (510, 5000, 980, 10000), (900, 5000, 1000, 10000), (1, 200, 2, 200), (0, 50, 0, 50), (50, 50, 49, 50),
         (3, 700, 15, 900), (45, 2000, 60, 2500)]
for _ in range(8):
    n1, n0 = int(rng.integers(20, 3000)), int(rng.integers(20, 3000))
    p = rng.uniform(0.01, 0.3)
    cases.append((int(rng.binomial(n1, p * rng.uniform(0.7, 1.6))), n1, int(rng.binomial(n0, p)), n0))

out_cases = []
for d1, n1, d0, n0 in cases:
    n, d = n1 + n0, d1 + d0
    expected = [n1 * d / n, n1 * (n - d) / n, n0 * d / n, n0 * (n - d) / n]
    method = "two-proportion z" if min(expected) >= 5 else "Fisher exact"
    if d in (0, n):
        z, pz = float("nan"), float("nan")
    else:
        z, pz = proportions_ztest([d1, d0], [n1, n0])
    fisher = stats.fisher_exact([[d1, n1 - d1], [d0, n0 - d0]])[1]
    out_cases.append({"recent_defaults": d1, "recent_rows": n1, "base_defaults": d0, "base_rows": n0, "method": method,
                      "z": None if np.isnan(z) else float(z), "p_z": None if np.isnan(pz) else float(pz),
                      "p_fisher": float(fisher)})

# Holm within a family, at a Bonferroni share alpha/k of the overall alpha (the monitor's family-wise rule).
families = []
for m, alpha in [(6, 0.05 / 4), (12, 0.05 / 4), (3, 0.05 / 3), (25, 0.05)]:
    p = np.concatenate([rng.uniform(0, 0.02, size=m // 3), rng.uniform(0, 1, size=m - m // 3)])
    p = np.round(p, 6)
    p[-1] = p[0]  # a tie
    reject, adjusted, _, _ = multipletests(p, alpha=alpha, method="holm")
    families.append({"p": p.tolist(), "alpha": alpha, "adjusted": adjusted.tolist(), "reject": [bool(r) for r in reject]})

intervals = []
for x, n, level in [(0, 200, 0.95), (3, 200, 0.95), (10, 200, 0.95), (200, 200, 0.95), (47, 1000, 0.9), (1, 2, 0.99), (17, 40, 0.95)]:
    lo, hi = proportion_confint(x, n, alpha=1 - level, method="beta")
    intervals.append({"x": x, "n": n, "level": level, "lower": float(lo), "upper": float(hi)})

out = {"generator": "make_two_sample_fixtures.py",
       "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                    "statsmodels": statsmodels.__version__},
       "cases": out_cases, "holm": families, "clopper_pearson": intervals}
with open(os.path.join(here, "two_sample_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out["versions"]), len(out_cases), "cases")
