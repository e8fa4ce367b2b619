#!/usr/bin/env python3
"""Reference values for Firth on sex2, frequency weights, collinearity diagnostics, marginal effects and
Hosmer-Lemeshow (FirthTests, WeightsTests, DiagnosticsTests in Tests/CreditRegressionTests).

Run from the package root, in a Python that has statsmodels, scikit-learn, scipy, pandas and
firthmodels (PyPI `firthmodels`, a port of R logistf's algorithms; R logistf is not packaged by Debian):
    python3 Tests/CreditRegressionTests/Fixtures/make_firth_weights_diagnostics_fixtures.py
Writes firth_weights_diagnostics_fixtures.json and weighted.csv beside this script. Nothing here calls our Swift
code.

Design coding is the same as make_statsmodels_fixtures.py: "const" first, numeric columns as-is, string
columns one-hot against the first level in code-point order, named "column=level".
"""
import importlib.metadata, json, os, warnings
import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor
import firthmodels
from firthmodels import FirthLogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
# Published test data (logistf's sex2), with its data card: Tests/TestSupport/PublishedData/sex2.md.
published = os.path.join(root, "Tests", "TestSupport", "PublishedData")


def design(df, target, drop=()):
    cols, names = [np.ones(len(df))], ["const"]
    for c in df.columns:
        if c == target or c in drop:
            continue
        s = df[c]
        if pd.api.types.is_numeric_dtype(s):
            cols.append(s.astype(float).to_numpy()); names.append(c)
        else:
            levels = sorted(set(s))
            for lv in levels[1:]:
                cols.append((s == lv).astype(float).to_numpy()); names.append(f"{c}={lv}")
    return np.column_stack(cols), names


out = {"generator": "make_firth_weights_diagnostics_fixtures.py", "statsmodels": statsmodels.__version__,
       "firthmodels": importlib.metadata.version("firthmodels"), "scikit_learn": sklearn.__version__,
       "scipy": scipy.__version__, "pandas": pd.__version__, "numpy": np.__version__}

# 1. Firth on logistf's sex2 (profile penalised-likelihood CIs and penalised LR p-values, as logistf).
sex2 = pd.read_csv(os.path.join(published, "sex2.csv"))
X, names = design(sex2, "case")
y = sex2["case"].to_numpy(float)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    # firthmodels puts the intercept last; we reorder to const first.
    m = FirthLogisticRegression(max_iter=200, gtol=1e-10, xtol=1e-10).fit(X[:, 1:], y)
    assert m.converged_
    ci = m.conf_int(alpha=0.05, method="pl", max_iter=500, tol=1e-11)
    # Its constrained LRT fits stop on step-halving at tight tolerances, so the LRT runs at 1e-6.
    m6 = FirthLogisticRegression(max_iter=200, gtol=1e-6, xtol=1e-6).fit(X[:, 1:], y)
    m6.lrt()
order = [len(names) - 1] + list(range(len(names) - 1))
params = np.concatenate([[m.intercept_], m.coef_])
out["firth_sex2"] = {
    "call": "FirthLogisticRegression(max_iter=200, gtol=1e-10, xtol=1e-10).fit(X without const, y); "
            "conf_int(method='pl', tol=1e-11); lrt() on a gtol=xtol=1e-6 fit; reordered const first",
    "terms": names, "params": params.tolist(),
    # SE = sqrt(diag((X'WX)^-1)) at the estimate, computed here with numpy (logistf's var). firthmodels 0.8.2's
    # own bse_ differs from this by 2-10% on this data (its Fisher matrix buffer is reused), kept for the record.
    "bse": np.sqrt(np.diag(np.linalg.inv(X.T @ (X * (lambda q: q * (1 - q))(1 / (1 + np.exp(-X @ params)))[:, None])))).tolist(),
    "firthmodels_bse_": m.bse_[order].tolist(), "loglik": float(m.loglik_),
    "ci_lower": ci[order, 0].tolist(), "ci_upper": ci[order, 1].tolist(), "lrt_pvalues": m6.lrt_pvalues_[order].tolist(),
    "logistf_published_params": [0.12025404, -1.10598130, -0.06881673, 2.26887464, -2.11140816, -0.78831694, 3.09601263],
}

# 1b. Firth with frequency weights w = row index mod 3 (firthmodels sample_weight, as logistf's weights).
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    wf = FirthLogisticRegression(max_iter=200, gtol=1e-10, xtol=1e-10).fit(X[:, 1:], y, sample_weight=np.arange(len(y)) % 3)
    assert wf.converged_
out["firth_sex2_weighted"] = {"call": "as above with sample_weight = arange(n) % 3",
                              "params": np.concatenate([[wf.intercept_], wf.coef_]).tolist()}

# 2. Frequency weights: statsmodels GLM(Binomial, freq_weights) on the first 1,000 synthetic rows with a
#    seeded weight column (0, 0.5, 1, 2, 3), plus a check that integer weights equal repeated rows (Logit).
syn = pd.read_csv(os.path.join(here, "synthetic.csv")).iloc[:1000].copy()
rng = np.random.default_rng(31)
syn["w"] = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], size=len(syn))
syn.to_csv(os.path.join(here, "weighted.csv"), index=False, float_format="%.17g")
syn = pd.read_csv(os.path.join(here, "weighted.csv"))
Xw, wnames = design(syn, "bad", drop=("w",))
yw = syn["bad"].to_numpy(float)
glm = sm.GLM(yw, Xw, family=sm.families.Binomial(), freq_weights=syn["w"].to_numpy()).fit(tol=1e-13, maxiter=100)
null = sm.GLM(yw, np.ones((len(yw), 1)), family=sm.families.Binomial(), freq_weights=syn["w"].to_numpy()).fit(tol=1e-13)
out["weighted"] = {"call": "sm.GLM(y, X, family=Binomial(), freq_weights=w).fit(tol=1e-13)",
                   "terms": wnames, "params": glm.params.tolist(), "bse": glm.bse.tolist(), "llf": glm.llf,
                   "llnull": null.llf, "aic": glm.aic, "bic_llf": glm.bic_llf, "nobs": float(glm.nobs), "wnobs": float(glm.model.wnobs)}
keep = syn["w"].isin([1.0, 2.0, 3.0])
rep = syn[keep].loc[syn[keep].index.repeat(syn[keep]["w"].astype(int))]
Xr, _ = design(rep, "bad", drop=("w",))
logit_rep = sm.Logit(rep["bad"].to_numpy(float), Xr).fit(method="newton", tol=1e-12, disp=0)
out["repeated"] = {"call": "rows with integer weight w repeated w times (w = 0.5 and 0 rows dropped), sm.Logit",
                   "params": logit_rep.params.tolist(), "bse": logit_rep.bse.tolist(), "llf": logit_rep.llf}

# 3. Diagnostics on the synthetic design (5,000 rows): VIF (statsmodels, design WITH const: each column
#    regressed on all others incl. the constant), condition number of the design with every column scaled to
#    unit Euclidean length (numpy.linalg.cond, 2-norm), correlation of the non-constant columns, marginal
#    effects (statsmodels get_margeff, dydx, default dummy=False: indicators treated as continuous).
syn5 = pd.read_csv(os.path.join(here, "synthetic.csv"))
X5, names5 = design(syn5, "bad")
y5 = syn5["bad"].to_numpy(float)
res = sm.Logit(y5, X5).fit(method="newton", tol=1e-12, disp=0)
vif = [variance_inflation_factor(X5, j) for j in range(1, X5.shape[1])]
scaled = X5 / np.sqrt((X5 ** 2).sum(axis=0))
overall = res.get_margeff(at="overall", method="dydx")
mean = res.get_margeff(at="mean", method="dydx")
out["diagnostics"] = {
    "terms": names5, "vif": vif, "condition_number_unit_length": float(np.linalg.cond(scaled)),
    "correlation": np.corrcoef(X5[:, 1:], rowvar=False).tolist(),
    "margeff_overall": overall.margeff.tolist(), "margeff_overall_se": overall.margeff_se.tolist(),
    "margeff_mean": mean.margeff.tolist(), "margeff_mean_se": mean.margeff_se.tolist(),
}

# 4. Hosmer-Lemeshow (10 groups) on German credit with the statsmodels fit. Grouping reimplemented here with
#    pandas.cut on numpy.quantile breaks (linear = R type 7), include_lowest=True, as
#    ResourceSelection::hoslem.test; R's ResourceSelection is not packaged by Debian. df = G - 2.
german = pd.read_csv(os.path.join(root, "datasets", "german_credit.csv"))
Xg, _ = design(german, "default")
yg = german["default"].to_numpy(float)
pg = sm.Logit(yg, Xg).fit(method="newton", tol=1e-12, disp=0).predict()
breaks = np.unique(np.quantile(pg, np.linspace(0, 1, 11)))
groups = pd.cut(pg, bins=breaks, include_lowest=True)
tab = pd.DataFrame({"g": groups, "y": yg, "p": pg}).groupby("g", observed=True).agg(n=("y", "size"), o=("y", "sum"), e=("p", "sum"))
chi = float((((tab.o - tab.e) ** 2) / tab.e + (((tab.n - tab.o) - (tab.n - tab.e)) ** 2) / (tab.n - tab.e)).sum())
G = len(tab)
out["hosmer_lemeshow_german"] = {"chi2": chi, "df": G - 2, "p": float(scipy.stats.chi2.sf(chi, G - 2)),
                                 "counts": tab.n.astype(int).tolist(), "observed": tab.o.tolist()}

with open(os.path.join(here, "firth_weights_diagnostics_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
print({k: v for k, v in out.items() if isinstance(v, str)})
print("firth params", out["firth_sex2"]["params"])
print("firth ci", out["firth_sex2"]["ci_lower"], out["firth_sex2"]["ci_upper"])
print("lrt p", out["firth_sex2"]["lrt_pvalues"])
print("HL", out["hosmer_lemeshow_german"])
