#!/usr/bin/env python3
"""Reference values of the exact two-sided binomial test for Tests/CreditProbabilityTests, from scipy.

Run from the package root:  python3 Tests/CreditProbabilityTests/Fixtures/make_binomtest_fixture.py
Writes Tests/CreditProbabilityTests/Fixtures/binomtest.json with scipy's version.

scipy.stats.binomtest(k, n, p, alternative="two-sided").pvalue: the sum of P(X = j) over every j with
P(X = j) <= P(X = k) (scipy compares with a relative tolerance of 1e-7), as R's binom.test.
stats.binom.pmf(k, n, p) for the point probabilities.
"""
import json, os
import scipy
from scipy import stats

here = os.path.dirname(os.path.abspath(__file__))
cases = [(13, 18, 0.28), (0, 18, 0.28), (18, 18, 0.28), (5, 18, 0.28), (3, 40, 0.3), (30, 40, 0.3),
         (7, 21, 0.3), (1, 9, 0.3), (0, 1, 0.5), (1, 1, 0.5), (2, 10, 0.5), (45, 200, 0.1567), (12, 250, 0.02),
         (60, 120, 0.5), (11, 55, 0.2), (0, 300, 0.01), (9, 300, 0.01),
         (13, 18, 1241 / 4436)]   # R modeldata credit_data: Debt's 18 missing rows (13 bad) against the other 4,436 (1,241 bad)
two_sided = [[k, n, p, float(stats.binomtest(k, n, p, alternative="two-sided").pvalue)] for k, n, p in cases]
pmf = [[k, n, p, float(stats.binom.pmf(k, n, p))] for k, n, p in cases]
out = {"tool": f"scipy {scipy.__version__}", "twoSided": two_sided, "pmf": pmf}
with open(os.path.join(here, "binomtest.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote binomtest.json ({len(cases)} cases, scipy {scipy.__version__})")
