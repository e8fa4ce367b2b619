#!/usr/bin/env python3
"""Reference values for Tests/CreditModelFileTests/RecalibrationTests from statsmodels (never from our own code).

Run from the package root with a built credit and the tools installed (pip install numpy pandas statsmodels):
    python3 Tests/CreditModelFileTests/Fixtures/make_recalibration_fixtures.py .build/debug/credit

What it does:
  1. The data (credit only makes the inputs; no expected value comes from it):
       credit train datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd -o M
       credit synth --rows 3000 --seed 11 --start 2025-01-01 --months 12 --shock 2025-01-01 -o RECENT
       credit score M RECENT --id loan_id --keep default -o SCORED
     The model is trained on the bundled 2024-2025 loans (datasets/small_borrowers.md: a downturn from 2025-01-01
     in half the window) and scored on 2025 loans of another seed that all meet the downturn, so its PDs are too
     low; rows the plain model rejects (thin files: blank bureau fields) have no PD and are dropped.
  2. logit = log(pd) - log1p(-pd) per scored row with a target (numpy), written with 17 significant digits to
     recalibration_recent.csv (columns logit,default): the Swift test reads exactly these doubles.
  3. statsmodels:
       intercept method  Logit(default, ones, offset=logit).fit(): a, SE(a), llf
       logistic method   Logit(default, [1, logit]).fit(): a, b, SEs, covariance (cov_params), llf
     and the mean of 1/(1+exp(-(a+logit))) against the observed bad rate.
  4. The prior correction of King & Zeng (2001) eq. (8) by hand for --population-bad-rate 0.05 on
     datasets/small_borrowers.csv: shift = ln(tau/(1-tau)) + ln((1-ybar)/ybar), ybar the sample bad rate (pandas).
Writes recalibration_fixtures.json with every tool's version.
"""
import json, os, subprocess, sys, tempfile
from importlib.metadata import version
import numpy as np
import pandas as pd
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
credit = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/credit")

with tempfile.TemporaryDirectory() as tmp:
    model, recent, scored = (os.path.join(tmp, n) for n in ("model.json", "recent.csv", "scored.csv"))
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    subprocess.run([credit, "train", "datasets/small_borrowers.csv", "--target", "default",
                    "--exclude", "loan_id,application_date,true_pd", "-o", model], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    subprocess.run([credit, "synth", "--rows", "3000", "--seed", "11", "--start", "2025-01-01", "--months", "12",
                    "--shock", "2025-01-01", "-o", recent], check=True, env=env)
    subprocess.run([credit, "score", model, recent, "--id", "loan_id", "--keep", "default", "-o", scored],
                   check=True, env=env)
    frame = pd.read_csv(scored)

frame = frame[frame["pd"].notna() & frame["default"].notna()]
pd_old = frame["pd"].to_numpy(dtype=float)
y = frame["default"].to_numpy(dtype=float)
logit = np.log(pd_old) - np.log1p(-pd_old)
with open(os.path.join(here, "recalibration_recent.csv"), "w") as f:
    f.write("logit,default\n")
    for v, t in zip(logit, y):
        f.write(f"{float(v)!r},{int(t)}\n")
# Read back exactly what the test reads.
back = pd.read_csv(os.path.join(here, "recalibration_recent.csv"))
logit = back["logit"].to_numpy(dtype=float)
y = back["default"].to_numpy(dtype=float)

ones = np.ones((len(y), 1))
r_int = sm.Logit(y, ones, offset=logit).fit(disp=0, tol=1e-14, maxiter=200, method="newton")
a = float(r_int.params[0])
mean_after = float(np.mean(1 / (1 + np.exp(-(a + logit)))))

X = np.column_stack([np.ones(len(y)), logit])
r_log = sm.Logit(y, X).fit(disp=0, tol=1e-14, maxiter=200, method="newton")

sb = pd.read_csv("datasets/small_borrowers.csv")
ybar = float(sb["default"].mean())
tau = 0.05

out = {
    "versions": {"python": sys.version.split()[0], "numpy": version("numpy"), "pandas": version("pandas"),
                 "statsmodels": version("statsmodels")},
    "rows": int(len(y)), "bads": int(y.sum()), "observed_bad_rate": float(y.mean()),
    "mean_pd_before": float(pd_old.mean()),
    "intercept": {"a": a, "se_a": float(r_int.bse[0]), "llf": float(r_int.llf), "mean_pd_after": mean_after},
    "logistic": {"a": float(r_log.params[0]), "b": float(r_log.params[1]),
                 "se_a": float(r_log.bse[0]), "se_b": float(r_log.bse[1]),
                 "cov": np.asarray(r_log.cov_params()).tolist(), "llf": float(r_log.llf)},
    "prior_correction": {"data": "datasets/small_borrowers.csv", "tau": tau, "sample_bad_rate": ybar,
                         "shift": float(np.log(tau / (1 - tau)) + np.log((1 - ybar) / ybar))},
}
with open(os.path.join(here, "recalibration_fixtures.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
