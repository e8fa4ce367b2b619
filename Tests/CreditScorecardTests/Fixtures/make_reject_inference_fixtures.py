#!/usr/bin/env python3
"""Reference values for Tests/CreditScorecardTests/RejectInferenceTests.swift (never from our own code).

Run from the package root (numpy 2.4, pandas 3.1, statsmodels 0.15.0 when generated; the JSON records them):
    /work/fixtures-venv/bin/python Tests/CreditScorecardTests/Fixtures/make_reject_inference_fixtures.py
Writes Tests/CreditScorecardTests/Fixtures/reject_inference_fixtures.json, recording every tool's version.

Inputs (seeded numpy): WoE codes of three characteristics (each a few discrete WoE values, as a scorecard's
bins give) for 600 accepts with outcomes and 400 rejects (drawn from riskier bins, no outcome).

Which tool gives which value:
  statsmodels  GLM(y, X, family=Binomial()) on the accepts: the accepts-only coefficients and PDs of accepts and
               rejects; GLM(..., freq_weights=w) on each augmented sample: the refitted coefficients.
  numpy/pandas each method's augmented sample (rows, targets, weights), built here from the published
               definitions as the library documents them (RejectInference in Sources/CreditScorecard):
    hard-cutoff   reject bad iff PD >= cut-off (default: the accepts' bad rate); weight w
    fuzzy         each reject twice: bad with w*p, then good with w*(1-p)
    parcelling    B equal-count bands of the accepts' PDs: edges e_i = sorted[ceil(i*n/B)-1], band = #edges < p
                  (np.searchsorted side='left'); a reject in a band without accepts takes the highest band
                  below with accepts; q = min(1, band bad rate * uplift); the floor(q*m + 0.5) rejects of the band
                  with the highest PD are bad (ties: file order); weight w
    augmentation  bands as above on the PDs of accepts and rejects together; accept weight =
                  (accepts + rejects in band) / (accepts in band); no reject rows
Rows: accepts first (file order), then the rejects' rows (file order).
"""
import json, os
from importlib.metadata import version
import numpy as np
import pandas as pd
import statsmodels.api as sm

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261207)

levels = [np.array([-0.8, -0.2, 0.3, 0.9]), np.array([-0.5, 0.1, 0.6]), np.array([-1.0, -0.3, 0.2, 0.7, 1.2])]
true_beta = np.array([-1.6, 0.9, 0.7, 1.1])

def draw(n, probs):
    return np.column_stack([lv[rng.choice(len(lv), size=n, p=p)] for lv, p in zip(levels, probs)])

accept_codes = draw(600, [[0.35, 0.3, 0.2, 0.15], [0.4, 0.35, 0.25], [0.3, 0.25, 0.2, 0.15, 0.1]])
reject_codes = draw(400, [[0.1, 0.2, 0.3, 0.4], [0.2, 0.3, 0.5], [0.1, 0.15, 0.2, 0.25, 0.3]])
Xa = sm.add_constant(accept_codes, has_constant="add")
Xr = sm.add_constant(reject_codes, has_constant="add")
accept_y = (rng.random(600) < 1 / (1 + np.exp(-(Xa @ true_beta)))).astype(float)

base = sm.GLM(accept_y, Xa, family=sm.families.Binomial()).fit(tol=1e-14, maxiter=100)
pa = base.predict(Xa)
pr = base.predict(Xr)
distinct = np.unique(np.concatenate([pa, pr]))
assert np.min(np.diff(distinct)) > 1e-8, "two bin patterns with nearly equal PDs: the band tests would be fragile"

def edges(values, bands):
    s = np.sort(values); n = len(s)
    return np.array([s[int(np.ceil(i * n / bands)) - 1] for i in range(1, bands)])

def band(p, e):
    return np.searchsorted(e, p, side="left")

def sample(method, cutoff=None, weight=None, bands=None, uplift=None):
    rows = [(("a", i), accept_codes[i], accept_y[i], 1.0) for i in range(600)]
    used = {"method": method}
    if method == "hard-cutoff":
        w = 1.0 if weight is None else weight
        c = accept_y.mean() if cutoff is None else cutoff
        used.update(cutoff=c, rejectWeight=w)
        rows += [(("r", r), reject_codes[r], float(pr[r] >= c), w) for r in range(400)]
    elif method == "fuzzy":
        w = 1.0 if weight is None else weight
        used.update(rejectWeight=w)
        for r in range(400):
            rows.append((("r", r), reject_codes[r], 1.0, w * pr[r]))
            rows.append((("r", r), reject_codes[r], 0.0, w * (1 - pr[r])))
    elif method == "parcelling":
        w = 1.0 if weight is None else weight
        B = 10 if bands is None else bands
        u = 2.0 if uplift is None else uplift
        used.update(rejectWeight=w, bands=B, uplift=u)
        e = edges(pa, B)
        acc = pd.DataFrame({"band": band(pa, e), "y": accept_y})
        counts = acc.groupby("band")["y"].agg(["size", "sum"]).reindex(range(B), fill_value=0)
        rej = pd.DataFrame({"pd": pr, "band": band(pr, e), "order": np.arange(400)})
        def with_accepts(k):
            while k > 0 and counts.loc[k, "size"] == 0:
                k -= 1
            return k
        rej["band"] = rej["band"].map(with_accepts)
        bad = np.zeros(400, dtype=bool)
        for k, g in rej.groupby("band"):
            q = min(1.0, counts.loc[k, "sum"] / counts.loc[k, "size"] * u)
            m = int(np.floor(q * len(g) + 0.5))
            ranked = g.sort_values(["pd", "order"], ascending=[False, True])
            bad[ranked["order"].to_numpy()[:m]] = True
        rows += [(("r", r), reject_codes[r], float(bad[r]), w) for r in range(400)]
    elif method == "augmentation":
        B = 10 if bands is None else bands
        used.update(bands=B)
        e = edges(np.concatenate([pa, pr]), B)
        ba, br = band(pa, e), band(pr, e)
        na = np.bincount(ba, minlength=B).astype(float)
        nall = na + np.bincount(br, minlength=B)
        rows = [(("a", i), accept_codes[i], accept_y[i], nall[ba[i]] / na[ba[i]]) for i in range(600)]
    X = sm.add_constant(np.array([r[1] for r in rows]), has_constant="add")
    y = np.array([r[2] for r in rows]); wts = np.array([r[3] for r in rows])
    fit = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=wts).fit(tol=1e-14, maxiter=100)
    return {
        "settings": used,
        "origin": [i if k == "a" else -(i + 1) for (k, i), *_ in rows],
        "y": y.tolist(), "weights": wts.tolist(),
        "coefficients": fit.params.tolist(),
        "inferredBadRows": int(sum(1 for (k, _), _c, yy, ww in rows if k == "r" and yy == 1 and ww > 0)),
        "inferredBadWeight": float(sum(ww for (k, _), _c, yy, ww in rows if k == "r" and yy == 1)),
    }

cases = [
    ("hard-cutoff default", dict(method="hard-cutoff")),
    ("hard-cutoff 0.35 w0.5", dict(method="hard-cutoff", cutoff=0.35, weight=0.5)),
    ("fuzzy", dict(method="fuzzy")),
    ("fuzzy w2", dict(method="fuzzy", weight=2.0)),
    ("parcelling default", dict(method="parcelling")),
    ("parcelling 5 bands uplift 3 w0.8", dict(method="parcelling", bands=5, uplift=3.0, weight=0.8)),
    ("augmentation default", dict(method="augmentation")),
    ("augmentation 4 bands", dict(method="augmentation", bands=4)),
]
out = {
    "tools": {"numpy": np.__version__, "pandas": pd.__version__, "statsmodels": version("statsmodels")},
    "acceptCodes": accept_codes.tolist(), "acceptY": accept_y.tolist(), "rejectCodes": reject_codes.tolist(),
    "acceptsOnlyCoefficients": base.params.tolist(), "acceptPD": pa.tolist(), "rejectPD": pr.tolist(),
    "cases": [dict(name=n, **{"request": {k: v for k, v in a.items()}}, **sample(**a)) for n, a in cases],
}
with open(os.path.join(here, "reject_inference_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
for c in out["cases"]:
    print(c["name"], c["inferredBadRows"], round(c["inferredBadWeight"], 3), np.round(c["coefficients"], 4))
