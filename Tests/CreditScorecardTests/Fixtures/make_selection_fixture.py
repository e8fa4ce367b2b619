#!/usr/bin/env python3
"""Reference selection paths of `credit train --scorecard --select` from an independent construction.

Run from the package root (pip install pandas numpy scipy statsmodels firthmodels scikit-learn):
    /work/fixtures-venv/bin/python Tests/CreditScorecardTests/Fixtures/make_selection_fixture.py
Writes Tests/CreditScorecardTests/Fixtures/scorecard_selection_fixture.json, recording the tools' versions.

Inputs: datasets/german_credit.csv and datasets/small_borrowers.csv with the bins of german_bins.json and
small_borrowers_bins.json next to this script (cut points and level groups as `credit bin --write-bins` wrote
them: only the bin boundaries are taken from credit; everything below is computed here).

What is computed here, independently of credit:
  pandas/numpy  bin assignment ([lower, upper) intervals of the cut points; categorical groups; the 'other'
                group; blanks to the missing bin), goods and bads per bin, WoE = ln(%bad/%good) per bin with
                +0.5 to both classes of a bin missing one, and the small-bin fallback: a missing/other bin with
                fewer rows than 5% of the regular rows keeps its WoE only when the exact two-sided binomial
                test (scipy.stats.binomtest) of its bads against the other rows' bad rate has p < 0.05, else 0;
                characteristics with IV < 0.02 are left out (the scorecard's default filter; 0 in the
                "german_all" case, which keeps the weak characteristics whose coefficients come out negative)
                and so is a characteristic with one WoE on every row
  statsmodels   variance_inflation_factor and numpy's condition number of the stepwise-AIC card's design
                (columns scaled to unit length), German credit
  firthmodels   FirthLogisticRegression (a port of R logistf) on German credit's whole WoE design
  scikit-learn  LogisticRegression (saga elastic-net / lbfgs ridge) on the standardised WoE columns of German
                credit with C = 1/(n lambda): glmnet's objective at lambda, KKT-checked, mapped back
  statsmodels   Logit (Newton, tol 1e-12) of every candidate model on that WoE design; AIC = -2 llf + 2 k,
                BIC = -2 llf + k ln n, likelihood-ratio p = chi2.sf(2 (llf_big - llf_small), 1) (scipy)
  the search    R step()'s rule: at each step fit every allowed move (forward: add; backward: remove;
                stepwise: both) and take the best if it lowers the criterion by more than 1e-7; with p-values
                remove the largest p above p-leave first, else add the smallest p below p-enter. With the
                sign rule a candidate model whose non-forced WoE coefficient is negative is not accepted, and a
                selection from the full model first removes, one at a time, the negative coefficient with the most
                negative Wald z (statsmodels params / bse), refitting each time, until none is negative (the
                documented rule of SelectionOptions.requiredSign; R step() has no sign rule).
"""
import json, os
from importlib.metadata import version
import numpy as np
import pandas as pd
import scipy
from scipy import stats
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import variance_inflation_factor
from firthmodels import FirthLogisticRegression
import warnings
import sklearn
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))


def woe_design(csv, bins_file, target, min_iv):
    spec = json.load(open(os.path.join(here, bins_file)))
    df = pd.read_csv(os.path.join(root, csv), dtype=str, keep_default_na=False)
    y = (df[target].astype(float) == 1).astype(float).to_numpy()
    B, G = y.sum(), len(y) - y.sum()
    columns, woes, ivs = {}, {}, {}
    for c in spec["characteristics"]:
        name, raw = c["name"], df[c["name"]]
        missing = (raw.str.strip() == "").to_numpy()
        labels = np.empty(len(raw), dtype=object)
        if c["type"] == "numeric":
            x = pd.to_numeric(raw.where(~missing, np.nan)).to_numpy()
            idx = np.searchsorted(np.array(c["cuts"], dtype=float), x, side="right")
            labels[:] = ["b%d" % i for i in idx]
            n_regular_bins = len(c["cuts"]) + 1
        else:
            level_group = {lv: "b%d" % g for g, group in enumerate(c["groups"]) for lv in group}
            level_group.update({lv: "other" for lv in c["other"]})
            labels[:] = [level_group.get(v, "other") for v in raw]
            n_regular_bins = len(c["groups"])
        labels[missing] = "missing"
        regular = np.array([l.startswith("b") for l in labels])
        table = {}
        for lab in sorted(set(labels)):
            m = labels == lab
            bads, goods = y[m].sum(), (1 - y[m]).sum()
            bb, gg = (bads + 0.5, goods + 0.5) if bads == 0 or goods == 0 else (bads, goods)
            w = np.log((bb / B) / (gg / G))
            if not lab.startswith("b") and (m.sum() < 0.05 * regular.sum() or bads < 1 or goods < 1):
                rest = ~m
                p = stats.binomtest(int(bads), int(m.sum()), y[rest].mean()).pvalue
                if not p < 0.05:
                    w = 0.0
            table[lab] = (w, bads, goods)
        iv = sum((b / B - g / G) * w for w, b, g in table.values())
        column = np.array([table[l][0] for l in labels])
        if iv < min_iv or np.all(column == column[0]):
            continue
        columns[name] = column
        woes[name] = {l: table[l][0] for l in table}
        ivs[name] = iv
    return columns, y, woes, ivs


def fit(columns, y, names):
    X = np.column_stack([np.ones(len(y))] + [columns[n] for n in names])
    r = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12, maxiter=200)
    return r.llf, np.asarray(r.params)


def path(columns, y, direction, criterion, sign, forced=(), enter=0.05, leave=0.10, start_full=False):
    names = list(columns)  # design order
    n = len(y)
    cache = {}

    def model(s):
        key = tuple(sorted(s))
        if key not in cache:
            chosen = [m for m in names if m in s]
            ll, b = fit(columns, y, chosen)
            ok = not sign or all(b[1 + i] >= 0 for i, m in enumerate(chosen) if m not in forced)
            k = len(chosen) + 1
            crit = -2 * ll + (2 * k if criterion == "aic" else k * np.log(n))
            cache[key] = (ll, crit, ok)
        return cache[key]

    def lr_p(big, small):
        return stats.chi2.sf(2 * (model(big)[0] - model(small)[0]), 1)

    current = set(names) if direction == "backward" or start_full else set(forced)
    steps = []
    if sign and (direction == "backward" or start_full):
        # The documented start of a full-model selection with the sign rule: remove the wrong-signed predictor
        # with the most negative Wald z (statsmodels params / bse), refit, until no coefficient is negative.
        def wrong_z(s):
            chosen = [m for m in names if m in s]
            X = np.column_stack([np.ones(len(y))] + [columns[m] for m in chosen])
            r = sm.Logit(y, X).fit(disp=0, method="newton", tol=1e-12, maxiter=200)
            z = np.asarray(r.params) / np.asarray(r.bse)
            return [(z[1 + i], m) for i, m in enumerate(chosen) if m not in forced and r.params[1 + i] < 0]
        while True:
            wrong = wrong_z(current)
            if not wrong:
                break
            z, m = min(wrong, key=lambda t: (t[0], names.index(t[1])))
            current = current - {m}
            left = wrong_z(current)
            steps.append({"action": "remove", "predictor": m, "before": float(z),
                          "after": float(min([0.0] + [w for w, _ in left]))})
    can_add, can_remove = direction != "backward", direction != "forward"
    while True:
        best = None
        if criterion in ("aic", "bic"):
            now = model(current)[1]
            best_score = now - 1e-7
            moves = ([("add", m, current | {m}) for m in names if m not in current] if can_add else []) + \
                    ([("remove", m, current - {m}) for m in names if m in current and m not in forced] if can_remove else [])
            for action, m, s in moves:
                ll, crit, ok = model(s)
                if ok and crit < best_score:
                    best_score, best = crit, (action, m, s, now, crit)
        else:
            if can_remove:
                worst = leave
                for m in [m for m in names if m in current and m not in forced]:
                    s = current - {m}
                    if not model(s)[2]:
                        continue
                    p = lr_p(current, s)
                    if p > worst:
                        worst, best = p, ("remove", m, s, p, p)
            if best is None and can_add:
                smallest = enter
                for m in [m for m in names if m not in current]:
                    s = current | {m}
                    if not model(s)[2]:
                        continue
                    p = lr_p(s, current)
                    if p < smallest:
                        smallest, best = p, ("add", m, s, p, p)
        if best is None:
            break
        action, m, s, before, after = best
        steps.append({"action": action, "predictor": m, "before": float(before), "after": float(after)})
        current = s
    selected = [m for m in names if m in current]
    ll, b = fit(columns, y, selected)
    return {"steps": steps, "selected": selected, "coefficients": [float(v) for v in b]}


runs = {
    "forward-aic": dict(direction="forward", criterion="aic", sign=True),
    "forward-aic-any-sign": dict(direction="forward", criterion="aic", sign=False),
    "backward-aic": dict(direction="backward", criterion="aic", sign=True),
    "backward-aic-any-sign": dict(direction="backward", criterion="aic", sign=False),
    "stepwise-aic-from-full": dict(direction="stepwise", criterion="aic", sign=True, start_full=True),
    "stepwise-aic": dict(direction="stepwise", criterion="aic", sign=True),
    "stepwise-bic": dict(direction="stepwise", criterion="bic", sign=True),
    "stepwise-p-value": dict(direction="stepwise", criterion="p-value", sign=True),
}
data = {
    "german": ("datasets/german_credit.csv", "german_bins.json", "default", 0.02, ["duration_in_month"]),
    "german_all": ("datasets/german_credit.csv", "german_bins.json", "default", 0.0, []),
    "small_borrowers": ("datasets/small_borrowers.csv", "small_borrowers_bins.json", "default", 0.02, []),
}
out = {"tools": {"python-statsmodels": version("statsmodels"), "scipy": scipy.__version__,
                 "pandas": pd.__version__, "numpy": np.__version__, "firthmodels": version("firthmodels"),
                 "scikit-learn": sklearn.__version__},
       "data": {}}
for key, (csv, bins, target, min_iv, forced) in data.items():
    columns, y, woes, ivs = woe_design(csv, bins, target, min_iv)
    entry = {"csv": csv, "bins": bins, "min_iv": min_iv, "characteristics": list(columns), "woe": woes, "iv": ivs, "paths": {}}
    for run, kw in runs.items():
        entry["paths"][run] = path(columns, y, **kw)
    if key == "german":
        # Collinearity of the stepwise-AIC card's WoE design: statsmodels VIF (exog with the constant) and the
        # condition number of the design with every column scaled to unit length (numpy 2-norm cond).
        names = entry["paths"]["stepwise-aic"]["selected"]
        X = np.column_stack([np.ones(len(y))] + [columns[n] for n in names])
        entry["vif"] = {n: float(variance_inflation_factor(X, j + 1)) for j, n in enumerate(names)}
        entry["condition_number"] = float(np.linalg.cond(X / np.linalg.norm(X, axis=0)))
        # Firth's penalised likelihood on the whole WoE design (every characteristic the IV filter keeps).
        X = np.column_stack([columns[n] for n in columns])
        m = FirthLogisticRegression(max_iter=200, gtol=1e-10, xtol=1e-10).fit(X, y)
        entry["firth"] = {"coefficients": [float(m.intercept_)] + [float(v) for v in m.coef_],
                          "call": "FirthLogisticRegression(max_iter=200, gtol=1e-10, xtol=1e-10).fit(WoE columns, y)"}
        # Penalised fits on glmnet's scale: minimise -(1/n) loglik + lambda [(1-a)/2 |b~|^2 + a |b~|_1] with b~ the
        # coefficients of the WoE columns standardised (mean 0, sd with 1/n), i.e. scikit-learn on the standardised
        # columns with C = 1/(n lambda), l1_ratio = a (saga; lbfgs for ridge), mapped back to the WoE scale.
        # The KKT conditions are checked here so the reference is known to be at the optimum.
        X = np.column_stack([columns[n] for n in columns])
        n = len(y)
        mu, sd = X.mean(0), X.std(0)
        Z = (X - mu) / sd
        entry["penalised"] = []
        for lam, a in [(0.04, 1.0), (0.05, 0.5), (0.05, 0.0)]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if a == 0:
                    m = LogisticRegression(penalty="l2", C=1 / (n * lam), solver="lbfgs", tol=1e-14, max_iter=100000).fit(Z, y)
                else:
                    m = LogisticRegression(penalty="elasticnet", l1_ratio=a, C=1 / (n * lam), solver="saga", tol=1e-14,
                                           max_iter=1000000).fit(Z, y)
            bt = m.coef_[0]
            p = 1 / (1 + np.exp(-(m.intercept_[0] + Z @ bt)))
            g = Z.T @ (y - p) / n
            kkt = max(abs(g0) for g0 in [np.mean(y - p)])
            for gj, bj in zip(g, bt):
                kkt = max(kkt, abs(gj - lam * ((1 - a) * bj + a * np.sign(bj))) if bj != 0 else max(0, abs(gj) - lam * a))
            assert kkt < 1e-7, (lam, a, kkt)
            b = bt / sd
            entry["penalised"].append({"lambda": lam, "mix": a, "kkt_max": float(kkt),
                                       "coefficients": [float(m.intercept_[0] - (bt * mu / sd).sum())] + [float(v) for v in b]})
    if forced:
        entry["paths"]["forward-aic-forced"] = path(columns, y, "forward", "aic", True, forced=tuple(forced))
        entry["forced"] = forced
    out["data"][key] = entry
    for run, p in entry["paths"].items():
        print(key, run, [(s["action"][0] + ":" + s["predictor"]) for s in p["steps"]])
json.dump(out, open(os.path.join(here, "scorecard_selection_fixture.json"), "w"), indent=1, sort_keys=True)
