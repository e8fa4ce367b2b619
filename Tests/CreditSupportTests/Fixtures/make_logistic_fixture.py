#!/usr/bin/env python3
"""Reference values of the logistic function for Tests/CreditSupportTests/LogisticTests.swift (independent of our code).

Run from the package root:  python3 Tests/CreditSupportTests/Fixtures/make_logistic_fixture.py
Writes Tests/CreditSupportTests/Fixtures/logistic.json: for each log-odds η (a double), 1/(1 + e^(−η)) evaluated
with mpmath at 60 significant digits and rounded once to the nearest double, so each value is correctly rounded;
scipy.special.expit's value is recorded beside it. Records mpmath's and scipy's versions
(last run: mpmath 1.3.0, scipy 1.17.1, Python 3.11.7).
"""
import json, os, sys
import mpmath
import scipy
from scipy import special

mpmath.mp.dps = 60
here = os.path.dirname(os.path.abspath(__file__))
etas = [-800.0, -745.0, -709.0, -700.0, -100.0, -40.0, -36.5, -20.0, -10.0, -5.0, -3.0, -2.0, -1.0986122886681098,
        -1.0, -0.5, -0.1, -1e-8, -1e-300, 0.0, 1e-300, 1e-8, 0.1, 0.5, 1.0, 1.0986122886681098, 2.0, 3.0, 5.0, 10.0,
        20.0, 36.5, 40.0, 100.0, 709.0, 800.0]
cases = []
for eta in etas:
    exact = 1 / (1 + mpmath.exp(-mpmath.mpf(eta)))
    cases.append({"eta": eta, "pi": float(exact), "expit": float(special.expit(eta))})
out = {"tool": f"mpmath {mpmath.__version__}, scipy {scipy.__version__}, Python {sys.version.split()[0]}",
       "cases": cases}
with open(os.path.join(here, "logistic.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
