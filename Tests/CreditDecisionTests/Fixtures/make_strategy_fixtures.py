#!/usr/bin/env python3
"""Reference values for Tests/CreditDecisionTests/StrategyTableTests.swift, by brute force in pandas/numpy
(never from our own code).

Run from the package root with pandas and numpy installed:
    python3 Tests/CreditDecisionTests/Fixtures/make_strategy_fixtures.py
Writes Tests/CreditDecisionTests/Fixtures/strategy_fixtures.json, recording the versions of Python, pandas and
numpy.

Data: the first 3,000 loans of datasets/small_borrowers.csv. Their outcomes (`default`), with every 23rd
outcome (seeded choice) set unknown; two synthetic scores made from `true_pd` with seeded noise: integer
points (higher is safer, many ties) and a PD rounded to 4 decimals (lower is safer, ties); an incumbent score
(a noisier PD, higher is riskier) with a few missing values.

Each figure is computed directly from its definition with boolean masks (approve: points >= c, PD <= c), not
with the cumulative scan the library uses:
  strategy rows   for given cut-offs: approved, approval rate, bads/goods approved and declined, bad rates,
                  the band (approved at c but not at the next safer cut-off), marginal bad rate and odds,
                  cumulative odds, profit = G*goods_approved - L*bads_approved
  profit optimum  every distinct score as the cut-off; max profit; ties to the safer cut-off
  targets         safest distinct score with approval rate >= R; most lenient with approved bad rate <= B
  bands           cut-off j (j = 1..N) = score of the ceil(j*n/N)-th safest row, distinct, increasing
  swap set        pandas crosstab of new approve x incumbent approve: counts, bads, goods per cell
"""
import json, math, os, sys
import numpy as np
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
data = pd.read_csv(os.path.join(root, "datasets", "small_borrowers.csv")).head(3000)
rng = np.random.default_rng(20261207)
n = len(data)

p = data["true_pd"].to_numpy()
noisy = np.clip(p * np.exp(rng.normal(0, 0.35, n)), 1e-4, 0.9999)
points = np.round(500 + 20 * np.log2((1 - noisy) / noisy)).astype(float)
pd_score = np.round(np.clip(p * np.exp(rng.normal(0, 0.25, n)), 1e-4, 0.9999), 4)
incumbent = np.clip(p * np.exp(rng.normal(0, 0.6, n)), 1e-4, 0.9999)
incumbent[rng.choice(n, 40, replace=False)] = np.nan
outcome = data["default"].astype(float).to_numpy().copy()
outcome[rng.choice(n, n // 23, replace=False)] = np.nan

G, L = 1.0, 5.0


def num(x):
    """JSON number or the strings "inf"/"nan"."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf"
    return x


def approve(scores, c, scale):
    return scores >= c if scale == "points" else scores <= c


def safer(a, b, scale):
    return a > b if scale == "points" else a < b


def counts(mask):
    known = ~np.isnan(outcome)
    bads = int(np.sum(mask & known & (outcome == 1)))
    goods = int(np.sum(mask & known & (outcome == 0)))
    return int(mask.sum()), bads, goods


def rate(b, g):
    return b / (b + g) if b + g > 0 else float("nan")


def odds(g, b):
    if b == 0:
        return float("inf") if g > 0 else float("nan")
    return g / b


def row(scores, c, scale, band_mask):
    a = approve(scores, c, scale)
    cnt, b, g = counts(a)
    _, db, dg = counts(~a)
    bc, bb, bg = counts(band_mask)
    return {"cutoff": c, "approved": cnt, "approvalRate": cnt / n, "badsApproved": b, "goodsApproved": g,
            "badsDeclined": db, "goodsDeclined": dg, "approvedBadRate": num(rate(b, g)),
            "declinedBadRate": num(rate(db, dg)), "bandCount": bc, "bandBads": bb, "bandGoods": bg,
            "marginalBadRate": num(rate(bb, bg)), "marginalOdds": num(odds(bg, bb)),
            "cumulativeOdds": num(odds(g, b)), "profit": G * g - L * b}


def table(scores, scale, cutoffs):
    rows = []
    for k, c in enumerate(cutoffs):
        a = approve(scores, c, scale)
        nxt = (k + 1 if k + 1 < len(cutoffs) else None) if scale == "points" else (k - 1 if k > 0 else None)
        band = a & ~approve(scores, cutoffs[nxt], scale) if nxt is not None else a
        rows.append(row(scores, c, scale, band))
    return rows


def searches(scores, scale, R, B):
    values = np.unique(scores)
    # safest first
    values = values[::-1] if scale == "points" else values
    best = None
    for s in values:
        _, b, g = counts(approve(scores, s, scale))
        prof = G * g - L * b
        if best is None or prof > best[1]:
            best = (s, prof)
    appr = [s for s in values if approve(scores, s, scale).mean() >= R]
    target_r = appr[0] if appr else None  # safest first: the first that meets it
    ok = []
    for s in values:
        _, b, g = counts(approve(scores, s, scale))
        if b + g > 0 and b / (b + g) <= B:
            ok.append(s)
    target_b = ok[-1] if ok else None  # the most lenient
    return best, target_r, target_b


def bands(scores, scale, N):
    order = np.sort(scores)[::-1] if scale == "points" else np.sort(scores)
    cuts = sorted({float(order[math.ceil(j * n / N) - 1]) for j in range(1, N + 1)})
    return cuts


def swap(new_approves, inc_approves):
    frame = pd.DataFrame({"new": new_approves, "inc": inc_approves, "y": outcome})
    cells = {}
    for name, (nv, iv) in {"bothApprove": (True, True), "swapIns": (True, False),
                           "swapOuts": (False, True), "bothDecline": (False, False)}.items():
        sub = frame[(frame["new"] == nv) & (frame["inc"] == iv)]
        cells[name] = {"count": int(len(sub)), "bads": int((sub["y"] == 1).sum()), "goods": int((sub["y"] == 0).sum())}
    # cross-check the counts with pandas.crosstab
    ct = pd.crosstab(frame["new"], frame["inc"])
    assert ct.loc[True, False] == cells["swapIns"]["count"] and ct.loc[False, True] == cells["swapOuts"]["count"]
    return cells


cases = {}
for scale, scores, cutoffs in [("points", points, [520.0, 540.0, 550.0, 560.0, 580.0, 600.0]),
                               ("pd", pd_score, [0.02, 0.04, 0.06, 0.08, 0.12])]:
    best, tr, tb = searches(scores, scale, 0.7, 0.05)
    cases[scale] = {
        "cutoffs": cutoffs,
        "rows": table(scores, scale, cutoffs),
        "profitMaximising": row(scores, float(best[0]), scale, scores == best[0]),
        "targetApproval": {"rate": 0.7, "cutoff": float(tr)},
        "targetBadRate": {"rate": 0.05, "cutoff": float(tb)},
        "bands10": bands(scores, scale, 10),
        "bands7": bands(scores, scale, 7),
    }

# Swap set: points at 550 against the incumbent at PD <= 0.06 (missing incumbent: declined), and against the
# incumbent cut-off that approves as many as the new score (the safest incumbent value with >= that many).
new = approve(points, 550.0, "points")
inc_fixed = np.where(np.isnan(incumbent), False, incumbent <= 0.06)
valid = np.sort(incumbent[~np.isnan(incumbent)])
matched = float(valid[int(new.sum()) - 1])
inc_matched = np.where(np.isnan(incumbent), False, incumbent <= matched)
swaps = {"cutoff": 550.0, "incumbentCutoff": 0.06, "fixed": swap(new, inc_fixed),
         "matchedCutoff": matched, "matched": swap(new, inc_matched)}

out = {
    "tools": {"python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__},
    "economics": {"gainPerGood": G, "lossPerBad": L},
    "points": [float(x) for x in points],
    "pd": [float(x) for x in pd_score],
    "incumbent": [num(x) for x in incumbent],
    "outcomes": [None if math.isnan(x) else bool(x) for x in outcome],
    "cases": cases,
    "swap": swaps,
}
with open(os.path.join(here, "strategy_fixtures.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote strategy_fixtures.json:", n, "rows")
