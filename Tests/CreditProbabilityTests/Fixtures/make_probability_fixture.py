#!/usr/bin/env python3
"""Reference values for Tests/CreditProbabilityTests from scipy (independent of our code).

Run from the package root:  python3 Tests/CreditProbabilityTests/Fixtures/make_probability_fixture.py
Writes Tests/CreditProbabilityTests/Fixtures/probability.json, recording scipy's and numpy's versions
(last run: scipy 1.17.1, numpy 2.4.6, Python 3.11.7).

Which scipy function gives which value:
  normal             stats.norm.cdf / sf / ppf
  chi2               stats.chi2.sf / cdf
  beta               special.betainc / betaincc (the regularized incomplete beta and its complement)
  binomial           stats.binom.sf(k - 1, n, p) = P(Bin(n, p) >= k)
  f                  stats.f.sf
  studentized_range  stats.studentized_range.ppf / cdf with infinite df (the Nemenyi test's q)
"""
import json, os
import numpy as np
import scipy
from scipy import special, stats

here = os.path.dirname(os.path.abspath(__file__))
xs = [-38.0, -30.0, -20.0, -10.0, -8.5, -5.0, -3.0, -1.959963984540054, -1.0, -0.5, -1e-3, 0.0,
      1e-3, 0.5, 1.0, 1.959963984540054, 3.0, 5.0, 8.5, 10.0, 20.0, 30.0, 37.5]
ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.02425, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95,
      0.975, 0.97575, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10]
normal = {
    "cdf": [[x, float(stats.norm.cdf(x))] for x in xs],
    "sf": [[x, float(stats.norm.sf(x))] for x in xs],
    "ppf": [[p, float(stats.norm.ppf(p))] for p in ps],
}
chi = []
for df in [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200]:
    for x in [1e-3, 0.1, 0.5, 1.0, 2.0, 3.841458820694124, 5.0, 10.0, 20.0, 35.0, 50.0, 80.0, 100.0, 150.0,
              200.0, 250.0, 300.0, 500.0, 750.0, 1000.0]:
        sf = float(stats.chi2.sf(x, df))
        cdf = float(stats.chi2.cdf(x, df))
        if sf > 0:
            chi.append({"df": df, "x": x, "sf": sf, "cdf": cdf})
# The incomplete beta and the distributions built on it, and the studentized range.
beta_cases = []
for a, b in [(0.5, 0.5), (1, 1), (2, 3), (0.5, 20.5), (3.5, 97.5), (10, 10), (50, 400), (150.5, 9850.5), (1000, 2000), (2, 2.5)]:
    for xx in [1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999]:
        beta_cases.append({"x": xx, "a": a, "b": b, "cdf": float(special.betainc(a, b, xx)), "sf": float(special.betaincc(a, b, xx))})
binom_cases = [{"k": kk, "n": nn, "p": pp, "sf": float(stats.binom.sf(kk - 1, nn, pp))}
               for kk, nn, pp in [(0, 10, 0.1), (1, 10, 0.1), (3, 100, 0.02), (10, 100, 0.02), (40, 1000, 0.03), (500, 1000, 0.5), (7, 7, 0.9)]]
f_cases = [{"x": xx, "d1": a, "d2": b, "sf": float(stats.f.sf(xx, a, b))} for xx, a, b in [(0.5, 3, 33), (2.5, 3, 33), (4.0, 5, 10), (10.0, 2, 100), (1.2, 9, 99)]]
srange = [{"k": kk, "q95_over_sqrt2": float(stats.studentized_range.ppf(0.95, kk, np.inf) / np.sqrt(2)),
           "cdf_at_3": float(stats.studentized_range.cdf(3.0, kk, np.inf))} for kk in [2, 3, 4, 5, 6, 8, 10]]

out = {
    "generator": "make_probability_fixture.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "normal": normal,
    "chi2": chi,
    "beta": beta_cases,
    "binomial": binom_cases,
    "f": f_cases,
    "studentized_range": srange,
}
with open(os.path.join(here, "probability.json"), "w") as f:
    json.dump(out, f, indent=1)
print("scipy", scipy.__version__, "numpy", np.__version__, "chi2 cases", len(chi))
