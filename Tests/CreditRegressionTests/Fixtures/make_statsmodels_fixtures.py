#!/usr/bin/env python3
"""Reference fits for Tests/CreditRegressionTests from statsmodels (independent of our code).

Run from the package root:  python3 Tests/CreditRegressionTests/Fixtures/make_statsmodels_fixtures.py
Writes, beside this script:
  statsmodels_fixtures.json  reference values + the versions of statsmodels, pandas, numpy used
  synthetic.csv              seeded synthetic design with known true coefficients
  quasi_separated.csv        a group of rows (g = 1) that are all bad: quasi-complete separation
  perfectly_separated.csv    y = 1 exactly when x > 10: complete separation

Coding matches ours: numeric columns as-is; string columns one-hot against the first level in sorted
(Unicode code point) order, indicator names "column=level"; "const" first; columns in table order.
"""
import json, os, warnings
import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))


def design(df, target):
    cols, names = [np.ones(len(df))], ["const"]
    for c in df.columns:
        if c == target:
            continue
        s = df[c]
        if pd.api.types.is_numeric_dtype(s):
            cols.append(s.astype(float).to_numpy()); names.append(c)
        else:
            levels = sorted(set(s))
            for lv in levels[1:]:
                cols.append((s == lv).astype(float).to_numpy()); names.append(f"{c}={lv}")
    return np.column_stack(cols), names


def fit(df, target):
    X, names = design(df, target)
    y = df[target].astype(float).to_numpy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sm.Logit(y, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
        fitted = res.predict()
    ci = res.conf_int(0.05)
    return {
        "terms": names,
        "params": res.params.tolist(), "bse": res.bse.tolist(), "tvalues": res.tvalues.tolist(),
        "pvalues": res.pvalues.tolist(), "conf_int_lower": ci[:, 0].tolist(), "conf_int_upper": ci[:, 1].tolist(),
        "llf": res.llf, "llnull": res.llnull, "llr": res.llr, "llr_pvalue": res.llr_pvalue,
        "df_model": res.df_model, "prsquared": res.prsquared, "aic": res.aic, "bic": res.bic, "nobs": res.nobs,
        "converged": bool(res.mle_retvals["converged"]),
        "rows_predicted_within_1e-4": int((np.abs(y - fitted) < 1e-4).sum()),
        "warnings": sorted({type(w.message).__name__ + ": " + str(w.message).split("\n")[0] for w in caught}),
    }


out = {"generator": "make_statsmodels_fixtures.py", "statsmodels": statsmodels.__version__,
       "pandas": pd.__version__, "numpy": np.__version__,
       "fit_call": "sm.Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100)"}

# (a) German credit, all 20 attributes, target default (1 = bad).
german = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
out["german"] = fit(german, "default")

# (b) Synthetic design with known truth.
rng = np.random.default_rng(20240611)
n = 5000
x1 = rng.normal(0, 1, n)
x2 = rng.uniform(0, 10, n)
grade = rng.choice(["C", "A", "D", "B"], size=n, p=[0.3, 0.3, 0.2, 0.2])
region = rng.choice(["apple", "Zürich", "Zebra"], size=n)   # code-point order: Zebra < Zürich < apple
x3 = rng.normal(2, 0.5, n)
truth = {"const": -1.0, "x1": 0.8, "x2": -0.15, "grade=B": 0.4, "grade=C": 0.9, "grade=D": 1.5,
         "region=Zürich": -0.3, "region=apple": 0.25, "x3": 0.5}
eta = (truth["const"] + truth["x1"] * x1 + truth["x2"] * x2 + truth["x3"] * x3
       + np.select([grade == "B", grade == "C", grade == "D"], [0.4, 0.9, 1.5], 0.0)
       + np.select([region == "Zürich", region == "apple"], [-0.3, 0.25], 0.0))
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
syn = pd.DataFrame({"x1": x1, "grade": grade, "x2": x2, "region": region, "x3": x3, "bad": y})
syn.to_csv(os.path.join(here, "synthetic.csv"), index=False, float_format="%.17g")
syn = pd.read_csv(os.path.join(here, "synthetic.csv"))
out["synthetic"] = fit(syn, "bad")
out["synthetic"]["true_params"] = truth

# (c1) Quasi-complete separation: every row with g = 1 is bad.
rng = np.random.default_rng(7)
m = 300
x = rng.normal(0, 1, m)
g = (rng.uniform(size=m) < 0.08).astype(int)
yq = (rng.uniform(size=m) < 1 / (1 + np.exp(-(-0.5 + x)))).astype(int)
yq[g == 1] = 1
quasi = pd.DataFrame({"x": x, "g": g, "y": yq})
quasi.to_csv(os.path.join(here, "quasi_separated.csv"), index=False, float_format="%.17g")
quasi = pd.read_csv(os.path.join(here, "quasi_separated.csv"))
out["quasi"] = fit(quasi, "y")
out["quasi"]["rows_g1"] = int(g.sum())

# (c2) Complete separation.
xp = np.arange(1, 21, dtype=float)
perfect = pd.DataFrame({"x": xp, "y": (xp > 10).astype(int)})
perfect.to_csv(os.path.join(here, "perfectly_separated.csv"), index=False)
try:
    r = fit(perfect, "y")
    out["perfect"] = {"warnings": r["warnings"], "rows_predicted_within_1e-4": r["rows_predicted_within_1e-4"]}
except Exception as e:  # older statsmodels raise PerfectSeparationError
    out["perfect"] = {"error": type(e).__name__ + ": " + str(e)}

with open(os.path.join(here, "statsmodels_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
print("statsmodels", statsmodels.__version__, "pandas", pd.__version__, "numpy", np.__version__)
for k in ["german", "synthetic", "quasi"]:
    print(k, "llf", out[k]["llf"], "converged", out[k]["converged"], out[k]["warnings"])
print("perfect", out["perfect"])
