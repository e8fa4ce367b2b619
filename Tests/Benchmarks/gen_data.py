"""Seeded synthetic credit data with a known logistic truth, for `make bench`.

Writes `bench-<rows>-seed<seed>.csv` (header x1..x30,y) and a sidecar `.json` holding the true coefficients,
the seed, the row count and the file size. The sidecar is written last, so a half-written CSV is never reused.

Columns (all numeric, mixed scales, written with up to ~8 significant digits):
  x1..x10   N(0,1), 7 decimals
  x11..x15  lognormal incomes in the thousands, 2 decimals
  x16..x20  Poisson counts (lambda 0.5..4)
  x21..x23  0/1 flags
  x24..x27  uniform(0,1) utilisation rates, 4 decimals
  x28       age, integer 18..79
  x29       N(50,10), 3 decimals
  x30       N(0,0.001), 9 decimals (small scale)
  y         Bernoulli(sigmoid(const + sum b_j x_j)), about 10% ones

The truth is computed from the values as written (after rounding), so a fit of the file recovers it up to
sampling error. Formatting is vectorised numpy (fixed-width digit matrix, padding removed), chunked.
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np

CHUNK = 100_000  # fixed: rows depend only on the seed, not on the total row count
P = 30

# decimals written per column (0 = integer column)
DECIMALS = [7] * 10 + [2] * 5 + [0] * 5 + [0] * 3 + [4] * 4 + [0, 3, 9]
# true coefficient per standard deviation of the column; divided by the column's sd for the raw-scale truth
BETA_STD = [0.8, -0.6, 0.5, -0.4, 0.3, -0.2, 0.1, 0.0, 0.0, 0.05,
            -0.5, 0.3, 0.0, 0.15, -0.1,
            0.4, 0.25, -0.2, 0.1, 0.0,
            0.3, -0.25, 0.0,
            0.6, -0.3, 0.2, 0.0,
            -0.35, 0.2, 0.1]
LAMBDAS = [0.5, 1.0, 2.0, 3.0, 4.0]
FLAG_P = [0.3, 0.1, 0.5]
INCOME_MU = [8.0, 7.5, 8.5, 9.0, 7.0]
INCOME_SIGMA = 0.5


def column_sds() -> np.ndarray:
    sd = np.empty(P)
    sd[0:10] = 1.0
    for j, mu in enumerate(INCOME_MU):  # lognormal sd
        s2 = INCOME_SIGMA ** 2
        sd[10 + j] = np.sqrt((np.exp(s2) - 1) * np.exp(2 * mu + s2))
    sd[15:20] = np.sqrt(LAMBDAS)
    sd[20:23] = np.sqrt(np.array(FLAG_P) * (1 - np.array(FLAG_P)))
    sd[23:27] = np.sqrt(1 / 12)
    sd[27] = np.sqrt((62 ** 2 - 1) / 12)
    sd[28] = 10.0
    sd[29] = 0.001
    return sd


def draw(rng: np.random.Generator, n: int) -> np.ndarray:
    """n x 30 matrix of values already rounded to the written precision."""
    x = np.empty((n, P))
    x[:, 0:10] = rng.standard_normal((n, 10))
    for j, mu in enumerate(INCOME_MU):
        x[:, 10 + j] = rng.lognormal(mu, INCOME_SIGMA, n)
    for j, lam in enumerate(LAMBDAS):
        x[:, 15 + j] = rng.poisson(lam, n)
    for j, p in enumerate(FLAG_P):
        x[:, 20 + j] = rng.random(n) < p
    x[:, 23:27] = rng.random((n, 4))
    x[:, 27] = rng.integers(18, 80, n)
    x[:, 28] = rng.normal(50, 10, n)
    x[:, 29] = rng.normal(0, 0.001, n)
    for j, d in enumerate(DECIMALS):
        # round(x * 10^d) / 10^d is the double nearest the written decimal, so the truth matches the file
        x[:, j] = np.rint(x[:, j] * 10.0 ** d) / 10.0 ** d
    return x


def truth(seed: int) -> dict:
    """Raw-scale coefficients; the intercept is set on a fixed pilot sample so that about 10% are bad."""
    beta = np.array(BETA_STD) / column_sds()
    pilot = draw(np.random.default_rng([seed, 1]), 200_000)
    eta = pilot @ beta
    lo, hi = -30.0, 30.0
    for _ in range(100):  # bisection for mean(sigmoid(b0 + eta)) = 0.10
        mid = (lo + hi) / 2
        if np.mean(1 / (1 + np.exp(-(mid + eta)))) > 0.10:
            hi = mid
        else:
            lo = mid
    coef = {"const": (lo + hi) / 2}
    coef.update({f"x{j + 1}": float(beta[j]) for j in range(P)})
    return coef


def format_chunk(cols: list[np.ndarray], decimals: list[int]) -> bytes:
    """Vectorised CSV formatting: one uint8 digit matrix per chunk, padding bytes (0) removed at the end."""
    n = len(cols[0])
    pieces = []
    last = len(cols) - 1
    for k, (v, d) in enumerate(zip(cols, decimals)):
        neg = v < 0
        m = np.rint(np.abs(v) * 10.0 ** d).astype(np.int64)
        neg &= m != 0
        scale = 10 ** d
        ip = m // scale
        fp = m % scale
        width_i = max(1, len(str(int(ip.max())))) if n else 1
        w = 1 + width_i + (1 + d if d else 0) + 1
        a = np.zeros((n, w), dtype=np.uint8)
        a[:, 0] = np.where(neg, ord("-"), 0)
        # integer digits, most significant first; leading zeros are padding except the units digit
        t = ip.copy()
        for pos in range(width_i, 0, -1):
            digit = (t % 10).astype(np.uint8)
            t //= 10
            a[:, pos] = digit + ord("0")
        if width_i > 1:
            nd = np.ones(n, dtype=np.int64)
            q = ip // 10
            while True:
                more = q > 0
                if not more.any():
                    break
                nd += more
                q //= 10
            lead = width_i - nd  # number of leading pad positions
            idx = np.arange(width_i)[None, :]
            a[:, 1:1 + width_i][idx < lead[:, None]] = 0
        if d:
            dot = 1 + width_i
            a[:, dot] = np.where(fp != 0, ord("."), 0)
            t = fp.copy()
            tz = np.zeros(n, dtype=np.int64)  # trailing zeros
            still = np.ones(n, dtype=bool)
            for pos in range(d, 0, -1):
                digit = (t % 10).astype(np.uint8)
                t //= 10
                still &= digit == 0
                tz += still
                a[:, dot + pos] = digit + ord("0")
            idx = np.arange(d)[None, :]
            a[:, dot + 1:dot + 1 + d][idx >= (d - tz)[:, None]] = 0
        a[:, w - 1] = ord("\n") if k == last else ord(",")
        pieces.append(a)
    block = np.concatenate(pieces, axis=1).ravel()
    return block[block != 0].tobytes()


def generate(path: str, rows: int, seed: int) -> dict:
    meta_path = path[:-4] + ".json"
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("rows") == rows and meta.get("seed") == seed and meta.get("bytes") == os.path.getsize(path):
            meta["reused"] = True
            return meta
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    coef = truth(seed)
    beta = np.array([coef[f"x{j + 1}"] for j in range(P)])
    rng = np.random.default_rng(seed)
    bads = 0
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write((",".join(f"x{j + 1}" for j in range(P)) + ",y\n").encode())
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            x = draw(rng, n)
            p = 1 / (1 + np.exp(-(coef["const"] + x @ beta)))
            y = (rng.random(n) < p).astype(np.float64)
            bads += int(y.sum())
            f.write(format_chunk([x[:, j] for j in range(P)] + [y], DECIMALS + [0]))
            done += n
    os.replace(tmp, path)
    meta = {"rows": rows, "columns": P + 1, "seed": seed, "bytes": os.path.getsize(path), "bads": bads,
            "bad_rate": bads / rows if rows else 0.0, "truth": coef, "generator": "Tests/Benchmarks/gen_data.py",
            "numpy": np.__version__}
    with open(meta_path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(meta_path + ".tmp", meta_path)
    meta["reused"] = False
    return meta


def generate_grid(path: str, rows: int, p: int, seed: int) -> dict:
    """The fit grid's data: x1..xp N(0,1) written with 6 decimals, y ~ Bernoulli(sigmoid(-2.2 + sum b_j x_j))
    with b_j = 0.8·(-1)^j / sqrt(p) (so the linear predictor's spread does not grow with p; about 15% ones).
    Seeded per chunk from (seed, p), reused when the sidecar matches."""
    meta_path = path[:-4] + ".json"
    if os.path.exists(path) and os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        if (meta.get("rows"), meta.get("seed"), meta.get("p"), meta.get("bytes")) == (rows, seed, p, os.path.getsize(path)):
            meta["reused"] = True
            return meta
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    beta = np.array([0.8 * (-1) ** j / np.sqrt(p) for j in range(p)])
    const = -2.2
    rng = np.random.default_rng([seed, p])
    bads = 0
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write((",".join(f"x{j + 1}" for j in range(p)) + ",y\n").encode())
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            x = np.rint(rng.standard_normal((n, p)) * 1e6) / 1e6
            y = (rng.random(n) < 1 / (1 + np.exp(-(const + x @ beta)))).astype(np.float64)
            bads += int(y.sum())
            f.write(format_chunk([x[:, j] for j in range(p)] + [y], [6] * p + [0]))
            done += n
    os.replace(tmp, path)
    meta = {"rows": rows, "columns": p + 1, "p": p, "seed": seed, "bytes": os.path.getsize(path), "bads": bads,
            "bad_rate": bads / rows if rows else 0.0, "generator": "Tests/Benchmarks/gen_data.py generate_grid",
            "numpy": np.__version__}
    with open(meta_path + ".tmp", "w") as f:
        json.dump(meta, f, indent=1)
    os.replace(meta_path + ".tmp", meta_path)
    meta["reused"] = False
    return meta


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261129
    out = sys.argv[3] if len(sys.argv) > 3 else f".build/bench-data/bench-{rows}-seed{seed}.csv"
    print(json.dumps({k: v for k, v in generate(out, rows, seed).items() if k != "truth"}))
