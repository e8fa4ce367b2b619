#!/usr/bin/env python3
"""Reference out-of-fold PDs of plain logistic regression under our seeded stratified folds, from statsmodels.

Run from the package root:  python3 Tests/CreditExperimentsTests/Fixtures/make_cv_fixture.py
Writes, beside this script: cv_data.csv (the first 600 data rows of
Tests/CreditRegressionTests/Fixtures/synthetic.csv, copied line for line) and cv_fixture.json.

Folds come from the independent Python reimplementation of Splits.swift in
Tests/CreditRegressionTests/Fixtures/make_splits_fixture.py (SplitMix64, stratified dealing): 5-fold with seed 2024
(one repetition: seeded with the seed itself) and 3 x 2-fold with seed 7 (repetition r seeded with the r-th
SplitMix64 draw from the seed). Per fold the design is coded from the training rows only, as
Experiments/CrossValidatedComparison does: "const" first, numeric columns as they are, text columns one-hot
against the first training level in code-point order; statsmodels Logit (Newton) is fitted on the training rows
and predicts the test rows. Nothing here calls our Swift code.
"""
import json, os, sys
import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
sys.path.insert(0, os.path.join(root, "Tests", "CreditRegressionTests", "Fixtures"))
from make_splits_fixture import SplitMix64, stratified  # noqa: E402

with open(os.path.join(root, "Tests", "CreditRegressionTests", "Fixtures", "synthetic.csv"), newline="") as f:
    lines = f.readlines()[:601]
with open(os.path.join(here, "cv_data.csv"), "w", newline="") as f:
    f.writelines(lines)
df = pd.read_csv(os.path.join(here, "cv_data.csv"), keep_default_na=False)
target = "bad"
y = df[target].to_numpy(float)
classes = [v == 1 for v in y]


def coded(frame, train):
    cols, names = [np.ones(len(frame))], ["const"]
    for c in frame.columns:
        if c == target:
            continue
        if pd.api.types.is_numeric_dtype(frame[c]):
            cols.append(frame[c].astype(float).to_numpy()); names.append(c)
        else:
            levels = sorted(set(train[c]))
            for lv in levels[1:]:
                cols.append((frame[c] == lv).astype(float).to_numpy()); names.append(f"{c}={lv}")
    return np.column_stack(cols), names


def oof(folds):
    out = []
    for test in folds:
        test_set = set(test)
        training = [i for i in range(len(df)) if i not in test_set]
        tr = df.iloc[training]
        X, names = coded(tr, tr)
        fit = sm.Logit(y[training], X).fit(method="newton", maxiter=100, tol=1e-12, disp=0)
        Xt, _ = coded(df.iloc[test], tr)
        out.append({"test": test, "terms": names, "params": fit.params.tolist(), "pd": fit.predict(Xt).tolist()})
    return out


seeds = SplitMix64(7)
fixture = {
    "generator": "make_cv_fixture.py", "statsmodels": statsmodels.__version__, "pandas": pd.__version__,
    "numpy": np.__version__, "data": "cv_data.csv", "target": target,
    "kfold5_seed2024": oof(stratified(classes, 5, 2024)),
    "twofold3_seed7": [oof(stratified(classes, 2, seeds.next())) for _ in range(3)],
}
with open(os.path.join(here, "cv_fixture.json"), "w") as f:
    json.dump(fixture, f)
print("folds:", [len(f["test"]) for f in fixture["kfold5_seed2024"]])
