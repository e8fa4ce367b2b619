"""Independent WoE coding for `credit bin --bins spec.json --transform woe|bin` (issue 21 item 6).

For German credit and the small-borrower data (blanks in the thin-file columns), this script applies the
committed bins specs (`german_bins.json`, `small_borrowers_bins.json`, written by `credit bin --write-bins`: they
are the input, the cut points and groups to apply, not expected values) to the rows with pandas/numpy alone:

- a numeric value goes to the bin numpy.searchsorted(cuts, x, side="right") (bins [lower, upper), a value on a cut
  to its right); a missing value (the CSV reader's default missing tokens) to the missing bin; a special code to
  its group's bin;
- a categorical level to the group naming it, else `other` (listed rare levels, and levels the spec does not name);
- goods and bads per bin are counted over the rows whose target is known; WoE = ln((bads_b/B)/(goods_b/G)), with
  0.5 added to both counts of a bin that lacks goods or bads (the spec's zeroCellsOnly rule; totals unchanged);
- a missing/special/other bin with fewer rows than ceil(minBinShare x regular rows), or fewer goods/bads than
  minGoods/minBads, takes the spec's fallback: `tested` = its own WoE when scipy.stats.binomtest (two-sided) of its
  bads against the other rows' bad rate gives p < 0.05, else 0; an empty regular bin 0.

Written per data set and characteristic: the bins' labels, goods, bads and WoE, and every row's bin as one
character (0-9a-z), so a test compares each coded row with woe[bin] and labels[bin].

Tools: Python 3, pandas 2.x, numpy 2.x, scipy 1.x (versions written into the JSON).
Run from the repository root: /work/fixtures-venv/bin/python Tests/CreditModelFileTests/Fixtures/make_woe_transform_fixture.py
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy
from scipy.stats import binomtest

HERE = os.path.dirname(os.path.abspath(__file__))
MISSING = {"", "NA", "N/A", "n/a", "NULL", "null", "NaN", "nan", "None", "#N/A", "-", "?"}
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fmt(x):
    """A cut point as the labels write it: integers without '.0', others shortest round-trip."""
    if x == round(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def is_missing(text, numeric):
    t = text.strip(" ")
    if t in MISSING:
        return True
    return numeric and t.lower() in {m.lower() for m in MISSING}


def labels_of(c):
    regular = []
    if c["type"] == "numeric":
        cuts = c["cuts"]
        for i in range(len(cuts) + 1):
            lo = "-inf" if i == 0 else fmt(cuts[i - 1])
            hi = "inf" if i == len(cuts) else fmt(cuts[i])
            regular.append(f"[{lo}, {hi})")
    else:
        regular = [", ".join(g) for g in c["groups"]]
    specials = [s["label"] for s in c.get("specials", [])]
    taken = set(regular + specials)

    def distinct(base):
        while base in taken:
            base = "(" + base + ")"
        return base

    out = regular + specials + [distinct("missing")]
    if c["type"] == "categorical":
        out.append(distinct("other"))
    return out


def bins_of(c, texts):
    """Bin index per row, by the rule stated in the docstring."""
    n_regular = len(c["cuts"]) + 1 if c["type"] == "numeric" else len(c["groups"])
    specials = c.get("specials", [])
    missing_bin = n_regular + len(specials)
    out = np.empty(len(texts), dtype=int)
    if c["type"] == "numeric":
        cuts = np.array(c["cuts"], dtype=float)
        codes = [(float(code), n_regular + g) for g, s in enumerate(specials) for code in s["codes"]]
        for i, t in enumerate(texts):
            if is_missing(t, True):
                out[i] = missing_bin
                continue
            x = float(t)
            hit = next((b for v, b in codes if v == x), None)
            out[i] = hit if hit is not None else int(np.searchsorted(cuts, x, side="right"))
    else:
        other_bin = missing_bin + 1
        where = {}
        for i, g in enumerate(c["groups"]):
            for level in g:
                where[level] = i
        for level in c.get("other") or []:
            where[level] = other_bin
        for g, s in enumerate(specials):
            for code in s["codes"]:
                where[code] = n_regular + g
        for i, t in enumerate(texts):
            out[i] = missing_bin if is_missing(t, False) else where.get(t, other_bin)
    return out, n_regular


def woe_of(goods, bads, n_regular, options):
    rule = options["zeroCountRule"]
    assert rule["rule"] == "zeroCellsOnly", rule
    alpha = rule["alpha"]
    assert options["smallBinFallback"] == "tested", options["smallBinFallback"]
    G, B = goods.sum(), bads.sum()
    n = G + B
    regular_rows = (goods[:n_regular] + bads[:n_regular]).sum()
    min_rows = max(1, math.ceil(options["minBinShare"] * regular_rows))

    def own(g, d):
        g, d = float(g), float(d)
        if g == 0 or d == 0:
            g += alpha
            d += alpha
        return math.log((d / B) / (g / G))

    woe = []
    for b in range(len(goods)):
        g, d = int(goods[b]), int(bads[b])
        if b < n_regular:
            woe.append(0.0 if g + d == 0 else own(g, d))
            continue
        small = g + d < min_rows or g < options["minGoods"] or d < options["minBads"]
        if not small:
            woe.append(own(g, d))
            continue
        count, rest = g + d, n - (g + d)
        if count > 0 and rest > 0 and binomtest(d, count, (B - d) / rest).pvalue < 0.05:
            woe.append(own(g, d))
        else:
            woe.append(0.0)
    return woe


def code(data_path, spec_path):
    spec = json.load(open(spec_path))
    frame = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    target = frame[spec["target"]]
    flag = np.array([-1 if is_missing(t, True) else (1 if float(t) == float(spec["bad"]) else 0) for t in target])
    known = flag >= 0
    out = []
    for c in spec["characteristics"]:
        bins, n_regular = bins_of(c, list(frame[c["name"]]))
        labels = labels_of(c)
        nb = len(labels)
        goods = np.bincount(bins[known & (flag == 0)], minlength=nb)
        bads = np.bincount(bins[known & (flag == 1)], minlength=nb)
        out.append({"name": c["name"], "labels": labels, "goods": goods.tolist(), "bads": bads.tolist(),
                    "woe": woe_of(goods, bads, n_regular, spec["options"]),
                    "rows": "".join(DIGITS[b] for b in bins)})
    return {"data": os.path.relpath(data_path), "spec": os.path.relpath(spec_path), "rows": len(frame),
            "characteristics": out}


def main():
    root = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
    os.chdir(root)
    fixture = {
        "tools": {"python": sys.version.split()[0], "pandas": pd.__version__, "numpy": np.__version__,
                  "scipy": scipy.__version__},
        "german": code("datasets/german_credit.csv", os.path.join("Tests/CreditModelFileTests/Fixtures", "german_bins.json")),
        "small_borrowers": code("datasets/small_borrowers.csv",
                                os.path.join("Tests/CreditModelFileTests/Fixtures", "small_borrowers_bins.json")),
    }
    with open(os.path.join(HERE, "woe_transform_fixture.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
