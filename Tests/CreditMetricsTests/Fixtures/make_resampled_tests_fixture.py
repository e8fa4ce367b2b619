#!/usr/bin/env python3
"""Reference values for the cross-validation tests of Tests/CreditMetricsTests/ResampledTestsTests.swift
(never from our own code).

Run from the package root (pip install mlxtend==0.25.0 numpy scipy):
    python3 Tests/CreditMetricsTests/Fixtures/make_resampled_tests_fixture.py
Writes Tests/CreditMetricsTests/Fixtures/resampled_tests.json, recording every tool's version.

Which tool gives which value:
  mlxtend 0.25.0  Dietterich's 5x2cv paired t test (evaluate.paired_ttest_5x2cv) and Alpaydin's combined 5x2cv
                  F test (evaluate.combined_ftest_5x2cv), N = 5. mlxtend fits two estimators on each half of five
                  random 50/50 splits and scores them; here the "estimators" are stubs and the scorer returns the
                  given fold metrics in the order mlxtend asks for them (repetition i: fold 1 = train on the first
                  half, test on the second; fold 2 = the reverse; estimator 1 then estimator 2), so mlxtend's own
                  code computes its statistic from exactly these fold metrics.
  scipy           the same two tests for N != 5 from the papers' formulas (Dietterich 1998 sec. 3.5; Alpaydin 1999)
                  with scipy.stats.t / scipy.stats.f tails, cross-checked against mlxtend at N = 5; and the
                  Nadeau & Bengio (2003) corrected resampled t test, t = mean(d) / sqrt((1/J + n_test/n_train) var(d)),
                  J - 1 df, two-sided, with its t interval (no packaged implementation in mlxtend/scipy/statsmodels).
The fold metrics are seeded AUC-like values (numpy default_rng), not output of credit.
"""
import json, os, sys
import numpy as np
import scipy
from scipy import stats
import mlxtend
from mlxtend.evaluate import paired_ttest_5x2cv, combined_ftest_5x2cv

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261207)


class Stub:
    """A do-nothing classifier: mlxtend calls fit, then the scorer."""
    _estimator_type = "classifier"

    def __init__(self, name):
        self.name = name

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))


def mlxtend_5x2(a, b, test):
    """a, b: 5 x 2 fold metrics of the two methods; runs mlxtend's test with a scorer replaying them."""
    queue = {"a": list(a.ravel()), "b": list(b.ravel())}

    def scorer(estimator, X, y):
        return queue[estimator.name].pop(0)

    X = np.zeros((20, 1)); y = np.array([0, 1] * 10)
    res = test(Stub("a"), Stub("b"), X, y, scoring=scorer, random_seed=1)
    assert not queue["a"] and not queue["b"], "mlxtend asked for a different number of scores"
    return res


def paper_5x2(a, b):
    p = a - b                      # N x 2
    pbar = p.mean(axis=1)
    s2 = ((p - pbar[:, None]) ** 2).sum(axis=1)
    n = p.shape[0]
    t = p[0, 0] / np.sqrt(s2.sum() / n)
    pt = 2 * stats.t.sf(abs(t), n)
    f = (p ** 2).sum() / (2 * s2.sum())
    pf = stats.f.sf(f, 2 * n, n)
    return t, pt, f, pf


def corrected(d, ratio, level=0.95):
    d = np.asarray(d, float); j = len(d)
    m = d.mean(); v = d.var(ddof=1)
    se = np.sqrt((1 / j + ratio) * v)
    t = m / se
    q = stats.t.ppf(1 - (1 - level) / 2, j - 1)
    return {"t": t, "p": 2 * stats.t.sf(abs(t), j - 1), "df": j - 1, "sd": np.sqrt(v), "mean": m,
            "lower": m - q * se, "upper": m + q * se}


five_by_two = []
for case, (n, gap) in enumerate([(5, 0.01), (5, 0.0), (5, 0.03), (3, 0.02), (10, 0.005)]):
    a = np.round(0.75 + rng.normal(0, 0.01, (n, 2)), 6)
    b = np.round(a - gap + rng.normal(0, 0.008, (n, 2)), 6)
    t, pt, f, pf = paper_5x2(a, b)
    entry = {"a": a.tolist(), "b": b.tolist(), "t": t, "p_t": pt, "f": f, "p_f": pf, "tool": "scipy (paper formulas)"}
    if n == 5:
        mt, mpt = mlxtend_5x2(a, b, paired_ttest_5x2cv)
        mf, mpf = mlxtend_5x2(a, b, combined_ftest_5x2cv)
        assert abs(mt - t) < 1e-12 and abs(mf - f) < 1e-12 and abs(mpt - pt) < 1e-12 and abs(mpf - pf) < 1e-12
        entry.update({"t": mt, "p_t": mpt, "f": mf, "p_f": mpf, "tool": "mlxtend"})
    five_by_two.append(entry)

corrected_cases = []
for folds, repeats, gap in [(5, 1, 0.01), (10, 3, 0.004), (2, 5, 0.02), (5, 2, -0.006)]:
    j = folds * repeats
    a = np.round(0.7 + rng.normal(0, 0.02, j), 6)
    d = np.round(gap + rng.normal(0, 0.01, j), 6)
    b = np.round(a - d, 6)
    ratio = 1 / (folds - 1)
    r = corrected(a - b, ratio)
    r.update({"a": a.tolist(), "b": b.tolist(), "folds": folds, "repeats": repeats, "ratio": ratio})
    corrected_cases.append(r)

out = {
    "five_by_two": five_by_two,
    "corrected": corrected_cases,
    "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                 "mlxtend": mlxtend.__version__},
}
with open(os.path.join(here, "resampled_tests.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out["versions"]), [round(c["p_t"], 4) for c in five_by_two], [round(c["p"], 4) for c in corrected_cases])
