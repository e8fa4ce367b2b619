"""Reference fits of the missing-indicator coding (`DesignOptions.missing = .indicator`) on the small-borrower data.

The design is built here in pandas, independently of credit's `Design.build`, by the rule the coding documents:
- data: datasets/small_borrowers.csv without loan_id, application_date, true_pd; target `default` (bad = 1);
- predictors in file order; a text column is one-hot coded against its first level in sorted order (the levels
  sorted by code point, as Python's `sorted`), a numeric column enters as it is;
- a numeric column with missing values: the value filled with the mean of its present values
  (`x.fillna(x.mean())`) plus an indicator `x=missing` (`x.isna()`), placed right after the column; an
  indicator identical to an earlier one (the same rows missing) is left out (`sharedWith`): here
  lenders_count, inquiries_6m and past_delinquency are missing on the same 1,204 rows, so only
  `lenders_count=missing` is a term.
- a categorical column with missing values gets a level `missing` (its own term after the other levels): the
  second fixture blanks `employment_type` on rows 10, 20, 30, ... (1-based data rows with row % 10 == 0) of the
  same file and fits the same way (`missing_categorical`). The test blanks the same rows.

Fits on that design:
- maximum likelihood: statsmodels `Logit(y, X).fit(method="newton", tol=1e-14)`: coefficients and standard errors
  (`bse`, from the inverse Hessian);
- Firth: firthmodels `FirthLogisticRegression(fit_intercept=False)` on the same X (the const column included);
- ridge at λ = 0.01, glmnet's objective (1/n)·deviance/2 + λ/2·Σ(sd_j·β_j)² (sd with divisor n, the intercept
  unpenalised), by scikit-learn `LogisticRegression(C=1/(n·λ), solver="newton-cholesky")` on the standardised columns, mapped back.

Tools: Python, pandas, numpy, statsmodels 0.15, firthmodels 0.8.2, scikit-learn (versions written into the JSON).
Run from the repository root:
    /work/fixtures-venv/bin/python Tests/CreditRegressionTests/Fixtures/make_missing_fixtures.py
"""
import importlib.metadata as md
import json
import os

import numpy as np
import pandas as pd
import sklearn
import statsmodels
import statsmodels.api as sm
from firthmodels import FirthLogisticRegression
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "datasets", "small_borrowers.csv")


def design(frame):
    y = frame["default"].to_numpy(dtype=float)
    cols = {"const": np.ones(len(frame))}
    fills = {}
    masks = []   # indicator columns kept so far
    shared = {}

    def indicator(name, x):
        """A COL=missing column, or, when an earlier column is missing on exactly the same rows, a share of its."""
        m = x.isna().to_numpy(dtype=float)
        owner = next((n for n, mm in masks if np.array_equal(mm, m)), None)
        if owner is None:
            cols[f"{name}=missing"] = m
            masks.append((name, m))
        else:
            shared[name] = owner

    for name in frame.columns:
        if name in ("loan_id", "application_date", "true_pd", "default"):
            continue
        x = frame[name]
        if x.dtype == object or pd.api.types.is_string_dtype(x):
            levels = sorted(x.dropna().unique())
            for level in levels[1:]:
                cols[f"{name}={level}"] = (x == level).to_numpy(dtype=float)
            if x.isna().any():
                indicator(name, x)
        else:
            x = x.astype(float)
            if x.isna().any():
                fill = x.mean()
                fills[name] = fill
                cols[name] = x.fillna(fill).to_numpy()
                indicator(name, x)
            else:
                cols[name] = x.to_numpy()
    X = pd.DataFrame(cols)
    return X, y, fills, shared


def fits(frame):
    X, y, fills, shared = design(frame)
    ml = sm.Logit(y, X).fit(method="newton", tol=1e-14, maxiter=100, disp=0)
    firth = FirthLogisticRegression(fit_intercept=False, max_iter=200, gtol=1e-8, xtol=1e-12).fit(X.to_numpy(), y)
    n = len(y)
    lam = 0.01
    Z = X.drop(columns="const").to_numpy()
    mean, sd = Z.mean(axis=0), Z.std(axis=0)   # divisor n, as glmnet
    S = (Z - mean) / sd
    ridge = LogisticRegression(C=1 / (n * lam), tol=1e-14, max_iter=1000, solver="newton-cholesky").fit(S, y)
    w = ridge.coef_[0] / sd
    b0 = ridge.intercept_[0] - float(np.sum(ridge.coef_[0] * mean / sd))
    return {
        "rows": int(n),
        "terms": list(X.columns),
        "fills": fills,
        "sharedWith": shared,
        "ml": {"coefficients": ml.params.tolist(), "standardErrors": ml.bse.tolist(), "logLikelihood": float(ml.llf)},
        "firth": {"coefficients": firth.coef_.tolist()},
        "ridge": {"lambda": lam, "coefficients": [b0] + w.tolist()},
    }


raw = pd.read_csv(DATA, dtype={"loan_id": str, "application_date": str, "region": str, "employment_type": str})
blanked = raw.copy()
blanked.loc[(np.arange(1, len(raw) + 1) % 10) == 0, "employment_type"] = np.nan
out = {
    "tools": {
        "pandas": pd.__version__, "numpy": np.__version__, "statsmodels": statsmodels.__version__,
        "firthmodels": md.version("firthmodels"), "scikit-learn": sklearn.__version__,
    },
    "small_borrowers": fits(raw),
    "missing_categorical": fits(blanked),
}
with open(os.path.join(HERE, "missing_indicator_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote missing_indicator_fixtures.json")
