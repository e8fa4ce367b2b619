#!/usr/bin/env python3
"""Reference values for Tests/CreditProbabilityTests from scipy.stats (independent of our code).

Run from the package root:  python3 Tests/CreditProbabilityTests/Fixtures/make_probability_fixture.py
Writes Tests/CreditProbabilityTests/Fixtures/probability.json, recording scipy's and numpy's versions.
"""
import json, os
import numpy as np
import scipy
from scipy import stats

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
out = {
    "generator": "make_probability_fixture.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "normal": normal,
    "chi2": chi,
}
with open(os.path.join(here, "probability.json"), "w") as f:
    json.dump(out, f, indent=1)
print("scipy", scipy.__version__, "numpy", np.__version__, "chi2 cases", len(chi))
