#!/usr/bin/env python3
"""Reference Firth fits on AER's CreditCard (datasets/creditcard.csv, target `bad`) and logistf's sex2, written
from the papers (Firth 1993, Biometrika 80:27-38; Heinze & Schemper 2002, Statistics in Medicine 21:2409-2419)
in numpy/scipy, and checked against firthmodels (PyPI, a port of R logistf; R logistf is not packaged by Debian).

    /work/fixtures-venv/bin/python Tests/CreditRegressionTests/Fixtures/make_firth_creditcard_fixtures.py

Writes firth_creditcard_fixtures.json beside this script (tool versions inside). Nothing here calls our Swift code.

The penalised log-likelihood is l*(b) = l(b) + 1/2 log det I(b), I = X'WX, W = diag(p(1-p)). It is not concave:
on CreditCard it has several local maxima. The maximiser here is Newton with step halving on l*, using the exact
Hessian of l* (derived independently below, checked against central differences of the score) where it is
negative definite and the Fisher step I^-1 U* elsewhere, run from b = 0 and from 8 numpy-seeded starts (10 for sex2); the
converged run with the highest l* is the reference maximum. firthmodels 0.8.2 is then started from that point
(its own l*, modified score and Newton-Raphson, `_solvers.newton_raphson` with beta_init): it must stay there,
and its l* and score there are recorded. From b = 0 firthmodels ends at a lower point (recorded too).

Profile penalised-likelihood intervals (logistf's method): for each coefficient the two b where
2 (l*max - max_{b_j = b} l*) = chi2_1(0.95), by scipy.optimize.brentq; each constrained maximum by the same
Newton from the warm start of the previous one. A constrained fit (profile or LR) that rises above the maximum
shows the maximum is elsewhere: the unconstrained Newton restarts from that point and the inference is redone
(on CreditCard the profiles lead from the best of the 9 starts to a higher maximum this way).
Penalised LR tests: 2 (l*max - max_{b_j = 0} l*), the restricted maximum from the estimate with b_j = 0, from 0
the higher kept. Null: only the intercept free (other coefficients 0), same penalty.

Design coding as make_statsmodels_fixtures.py: "const" first, numeric columns as-is, string columns one-hot
against the first level in code-point order, named "column=level".
"""
import importlib.metadata, json, os, warnings
import numpy as np
import pandas as pd
import scipy
from scipy.optimize import brentq
from scipy.special import expit
from scipy.stats import chi2
from firthmodels.logistic import compute_logistic_quantities, _Workspace
from firthmodels._solvers import newton_raphson

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))


def design(df, target):
    cols, names = [np.ones(len(df))], ["const"]
    for c in df.columns:
        if c == target:
            continue
        s = df[c]
        if pd.api.types.is_numeric_dtype(s):
            cols.append(s.astype(float).to_numpy()); names.append(c)
        else:
            for lv in sorted(set(s))[1:]:
                cols.append((s == lv).astype(float).to_numpy()); names.append(f"{c}={lv}")
    return np.column_stack(cols), names


class Firth:
    def __init__(self, X, y):
        self.X, self.y = X, y

    def parts(self, b):
        X, y = self.X, self.y
        eta = X @ b
        pr, q = expit(eta), expit(-eta)          # q = 1 - p without cancellation
        w = pr * q
        ll = float(np.sum(y * eta - (np.maximum(eta, 0) + np.log1p(np.exp(-np.abs(eta))))))
        I = X.T @ (X * w[:, None])
        L = np.linalg.cholesky(I)                # raises when I is not positive definite
        Iinv = np.linalg.inv(I)
        s = np.einsum("ij,jk,ik->i", X, Iinv, X)
        U = X.T @ (y - pr + w * s * (0.5 - pr))
        return ll + float(np.sum(np.log(np.diag(L)))), U, I, Iinv, pr, w, s, ll

    def pll(self, b):
        try:
            return self.parts(b)[0]
        except np.linalg.LinAlgError:
            return -np.inf

    def hessian(self, b):
        X = self.X
        f, U, I, Iinv, pr, w, s, _ = self.parts(b)
        w1, w2 = w * (1 - 2 * pr), w * (1 - 6 * w)  # dw/deta, d2w/deta2
        H = -I + 0.5 * (X.T @ (X * (w2 * s)[:, None]))
        # d/db_j d/db_k of 1/2 log det I has -1/2 tr(I^-1 M_j I^-1 M_k), M_j = X' diag(w1 x_j) X = dI/db_j.
        B = np.stack([Iinv @ (X.T @ (X * (w1 * X[:, j])[:, None])) for j in range(X.shape[1])])
        H -= 0.5 * np.einsum("jab,kba->jk", B, B)
        return f, U, H, I

    def maximize(self, b, free=None, maxit=200):
        p = len(b)
        free = np.arange(p) if free is None else np.asarray(free)
        b = b.astype(float).copy()
        f = self.pll(b)
        if not np.isfinite(f):
            return b, f, False
        for it in range(maxit):
            f, U, H, I = self.hessian(b)
            g = U[free]
            Hf, If = H[np.ix_(free, free)], I[np.ix_(free, free)]
            try:
                np.linalg.cholesky(-Hf); d = np.linalg.solve(-Hf, g)
            except np.linalg.LinAlgError:
                d = np.linalg.solve(If, g)
            # Converged when the predicted gain g'd/2 is at rounding level and the step is tiny.
            if 0.5 * float(g @ d) < 1e-13 * (1 + abs(f)) and np.max(np.abs(d)) < 1e-8 * (1 + np.max(np.abs(b))):
                return b, f, True
            t, moved = 1.0, False
            while t > 1e-15:
                nb = b.copy(); nb[free] += t * d
                nf = self.pll(nb)
                if nf >= f:
                    b, moved = nb, True
                    break
                t /= 2
            if not moved:
                return b, f, bool(0.5 * float(g @ d) < 1e-10 * (1 + abs(f)))
        return b, self.pll(b), False


def seeded(X, y, rng):
    sd = X.std(0, ddof=1); m = X.mean(0)
    vary = sd > 0
    b = np.zeros(X.shape[1])
    b[vary] = rng.normal(size=vary.sum()) * 2 / (sd[vary] * np.sqrt(vary.sum()))
    rate = y.mean()
    b[0] = np.log(rate / (1 - rate)) - b[vary] @ m[vary]
    return b


class NoFit(Exception):
    """No constrained fit converged at a profile point."""


class Better(Exception):
    """A constrained fit above the current maximum (its end point in `b`)."""
    def __init__(self, b):
        self.b = b


def inference(F, b, fmax, se, restricted, p, crit):
    X, y = F.X, F.y
    lr = []
    for j in range(p):
        starts_j = [b, np.zeros(p)]
        r = restricted(j, 0.0, starts_j, fmax)
        lr.append(2 * (fmax - r[1]))
        print("  LR", j, lr[-1], flush=True)
    lower, upper = [], []
    for j in range(p):
        for side, out in ((-1, lower), (1, upper)):
            warm = {"b": b.copy()}

            def dev(v):
                r = restricted(j, v, [warm["b"]], fmax)
                if r is None:  # not converged from the warm start: also from the estimate and from 0
                    r = restricted(j, v, [b, np.zeros(p)], fmax)
                if r is None:
                    raise NoFit(f"profile of {j} at {v}: no constrained fit converged")
                warm["b"] = r[0]
                return 2 * (fmax - r[1]) - crit
            step = np.sqrt(crit) * se[j]
            inner = b[j]
            try:
                while True:
                    outer = b[j] + side * step
                    if dev(outer) > 0:
                        break
                    inner, step = outer, step * 2
                warm["b"] = b.copy()
                lo, hi = sorted((inner, outer))
                out.append(brentq(dev, lo, hi, xtol=1e-12 * (1 + abs(b[j])), rtol=1e-14, maxiter=500))
            except (NoFit, ValueError) as e:  # ValueError: brentq found no sign change (path-dependent profile)
                # Recorded as NaN (null in the JSON): the reference could not trace this profile.
                print("  profile", j, side, "not traced:", e, flush=True)
                out.append(float("nan"))
            print("  profile", j, side, out[-1], flush=True)
    return lr, lower, upper


def reference(X, y, names, starts, seed):
    F = Firth(X, y)
    p = X.shape[1]
    rng = np.random.default_rng(seed)
    runs = [("zero",) + F.maximize(np.zeros(p))]
    for k in range(starts):
        runs.append((f"numpy seeded start {k + 1}",) + F.maximize(seeded(X, y, rng)))
    conv = [r for r in runs if r[3]]
    maxima = []
    for r in sorted(conv, key=lambda r: -r[2]):
        if not any(abs(r[2] - v) <= 1e-6 * (1 + abs(r[2])) for v in maxima):
            maxima.append(r[2])
    best = max(conv, key=lambda r: r[2])
    print("starts:", [(r[0], round(r[2], 6), r[3]) for r in runs], flush=True)
    b, fmax = best[1], best[2]
    _, U, I, Iinv, *_ = F.parts(b)
    se = np.sqrt(np.diag(Iinv))
    # The Hessian against central differences of the score (steps scaled to each coefficient's SE).
    H = F.hessian(b)[2]
    Hn = np.column_stack([(F.parts(b + e)[1] - F.parts(b - e)[1]) / (2 * e[j])
                          for j, e in enumerate(np.diag(1e-4 * se))])
    assert np.max(np.abs(Hn - H)) <= 1e-4 * np.max(np.abs(H)), np.max(np.abs(Hn - H))
    crit = chi2.ppf(0.95, 1)

    def restricted(j, value, starts_from, fmax):
        free = [k for k in range(p) if k != j]
        out = None
        for s0 in starts_from:
            s0 = s0.copy(); s0[j] = value
            bb, ff, cc = F.maximize(s0, free)
            if ff > fmax + 1e-9 * (1 + abs(fmax)):
                raise Better(bb)
            if cc and (out is None or ff > out[1]):
                out = (bb, ff)
        return out

    label = best[0]
    for attempt in range(6):
        try:
            lr, lower, upper = inference(F, b, fmax, se, restricted, p, crit)
            break
        except Better as e:
            print("  restart: a constrained fit rose above", fmax, flush=True)
            # A constrained fit rose above the maximum: the maximum is elsewhere; restart from that point.
            nb, nf, nc = F.maximize(e.b)
            assert nc and nf > fmax, (nc, nf, fmax)
            b, fmax, label = nb, nf, "restart from a constrained fit above the maximum"
            if not any(abs(nf - v) <= 1e-6 * (1 + abs(nf)) for v in maxima):
                maxima = sorted(maxima + [nf], reverse=True)
            _, U, I, Iinv, *_ = F.parts(b)
            se = np.sqrt(np.diag(Iinv))
    else:
        raise RuntimeError("no stable maximum after 6 restarts")
    null_b, null_f, null_c = F.maximize(np.zeros(p), [0])
    # firthmodels from the reference maximum, and from 0 (its default start).
    Xf = np.column_stack([X[:, 1:], X[:, :1]])  # firthmodels' own intercept-last layout
    ws = _Workspace(n=len(y), k=p)
    cq = lambda beta: compute_logistic_quantities(Xf, y, beta, np.ones(len(y)), np.zeros(len(y)), ws)
    order_f = list(range(1, p)) + [0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fm = newton_raphson(cq, p, max_iter=200, max_step=5.0, max_halfstep=50, gtol=1e-7, xtol=1e-9,
                            beta_init=b[order_f], warn_on_failure=False)
        fm0 = newton_raphson(cq, p, max_iter=1000, max_step=5.0, max_halfstep=25, gtol=1e-7, xtol=1e-9,
                             warn_on_failure=False)
    back = lambda v: np.concatenate([[v[-1]], v[:-1]])
    q_at = cq(b[order_f])
    return {
        "terms": names, "params": b.tolist(), "bse": se.tolist(), "loglik": fmax,
        "unpenalized_loglik": float(F.parts(b)[7]), "null_loglik": null_f,
        "score_max_abs": float(np.max(np.abs(F.parts(b)[1]))), "start": label, "starts_tried": len(runs),
        "maxima": maxima, "ci_lower": lower, "ci_upper": upper, "lr_chi2": lr,
        "lrt_pvalues": [float(chi2.sf(v, 1)) for v in lr],
        "firthmodels_from_reference": {
            "call": "_solvers.newton_raphson(compute_logistic_quantities, beta_init=reference, gtol=1e-7, xtol=1e-9)",
            "converged": bool(fm.converged), "n_iter": int(fm.n_iter), "params": back(fm.beta).tolist(),
            "loglik": float(fm.loglik), "loglik_at_reference": float(q_at.loglik),
            "score_max_abs_at_reference": float(np.max(np.abs(q_at.modified_score)))},
        "firthmodels_from_zero": {"converged": bool(fm0.converged), "n_iter": int(fm0.n_iter),
                                  "loglik": float(fm0.loglik), "params": back(fm0.beta).tolist()},
    }


out = {"generator": "make_firth_creditcard_fixtures.py", "firthmodels": importlib.metadata.version("firthmodels"),
       "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__}
cc = pd.read_csv(os.path.join(root, "datasets", "creditcard.csv"))
X, names = design(cc, "bad")
out["creditcard"] = reference(X, cc["bad"].to_numpy(float), names, starts=8, seed=2026)
sex2 = pd.read_csv(os.path.join(root, "Tests", "TestSupport", "PublishedData", "sex2.csv"))
X2, names2 = design(sex2, "case")
out["sex2"] = reference(X2, sex2["case"].to_numpy(float), names2, starts=10, seed=2026)
with open(os.path.join(here, "firth_creditcard_fixtures.json"), "w") as f:
    json.dump(json.loads(json.dumps(out).replace("NaN", "null")), f, indent=1)
for k in ("creditcard", "sex2"):
    r = out[k]
    print(k, "l*", r["loglik"], "from", r["start"], "maxima", r["maxima"])
    print(" params", dict(zip(r["terms"], np.round(r["params"], 6))))
    print(" ci", np.round(r["ci_lower"], 5), np.round(r["ci_upper"], 5))
    print(" lr", np.round(r["lr_chi2"], 5))
    print(" firthmodels from reference", r["firthmodels_from_reference"]["converged"], r["firthmodels_from_reference"]["n_iter"],
          r["firthmodels_from_reference"]["loglik"], "from zero", r["firthmodels_from_zero"]["loglik"])
