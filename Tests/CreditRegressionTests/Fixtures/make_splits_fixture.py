#!/usr/bin/env python3
"""Independent Python reimplementation of Tabular/Splits.swift's documented algorithm, to pin the fold
assignment so it is the same on every machine (used by Tests/CreditRegressionTests/SplitsTests.swift).

SplitMix64 (Vigna's reference constants), Lemire's unbiased bounded draw (multiply-shift with rejection),
Durstenfeld's Fisher-Yates from the end, classes shuffled in order good (False) then bad (True) and dealt to
folds 0..k-1 in turn, continuing across classes. Repeated N x 2: repetition r is seeded with the r-th
SplitMix64 draw from the seed. Data: the `default` column of datasets/german_credit.csv (first 200 rows).
Run from the package root:  python3 Tests/CreditRegressionTests/Fixtures/make_splits_fixture.py
"""
import csv, json, os

M = (1 << 64) - 1
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))


class SplitMix64:
    def __init__(self, seed): self.s = seed & M
    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)
    def below(self, bound):
        m = self.next() * bound
        if (m & M) < bound:
            threshold = ((1 << 64) - bound) % bound
            while (m & M) < threshold:
                m = self.next() * bound
        return m >> 64


def stratified(classes, k, seed):
    rng = SplitMix64(seed)
    fold = [0] * len(classes)
    nxt = 0
    for label in (False, True):
        members = [i for i, c in enumerate(classes) if c == label]
        for i in range(len(members) - 1, 0, -1):
            j = rng.below(i + 1)
            members[i], members[j] = members[j], members[i]
        for r in members:
            fold[r] = nxt
            nxt = (nxt + 1) % k
    return [[i for i in range(len(classes)) if fold[i] == f] for f in range(k)]


if __name__ == "__main__":
    with open(os.path.join(root, "datasets", "german_credit.csv"), newline="") as f:
        rows = list(csv.DictReader(f))[:200]
    classes = [r["default"] == "1" for r in rows]
    seeds = SplitMix64(7)
    out = {"generator": "make_splits_fixture.py", "classes": classes,
           "kfold5_seed2024": stratified(classes, 5, 2024),
           "twofold3_seed7": [stratified(classes, 2, seeds.next()) for _ in range(3)]}
    with open(os.path.join(here, "splits_fixture.json"), "w") as f:
        json.dump(out, f)
    print([len(t) for t in out["kfold5_seed2024"]])
