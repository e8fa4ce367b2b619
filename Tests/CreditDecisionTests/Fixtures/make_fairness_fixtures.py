#!/usr/bin/env python3
"""Reference values for GroupFairness (Tests/CreditDecisionTests) from independent tools, never from our code.

Run from the package root with pandas, numpy, scipy, scikit-learn and statsmodels installed:
    python3 Tests/CreditDecisionTests/Fixtures/make_fairness_fixtures.py
reads Tests/CreditDecisionTests/Fixtures/fairness_scores.csv and writes fairness_fixtures.json beside it, with
every tool's version. With --rescore PATH_TO_CREDIT it first retrains the two committed models and rescores the
small-borrower data (the input of the reference values is the model's output, the one thing taken from credit):
    credit train datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd --scorecard -o card.json
    credit train datasets/small_borrowers.csv --target default --exclude loan_id,application_date,true_pd -o model.json
    credit score card.json datasets/small_borrowers.csv -o -    (pd, score)
    credit score model.json datasets/small_borrowers.csv -o -   (pd_lr; blank where the model rejects a thin-file row)
fairness_scores.csv holds, per row of datasets/small_borrowers.csv in order: employment_type, region,
monthly_income, default, pd and score (the scorecard card.json), pd_lr (the logistic model model.json).

Which tool gives which value:
  pandas         group counts, approvals, bads among the approved, TPR/FPR (groupby), income bands (pd.cut,
                 right=False), the edits of case region_edited (blanked cells)
  scikit-learn   AUC per group (roc_auc_score)
  numpy          DeLong variance from brute-force O(m*n) placement values (not our midrank algorithm), the Katz
                 log interval of the adverse impact ratio (with 1/2 added to all four cells when one is zero),
                 calibration-in-the-large z = (D - sum p)/sqrt(sum p(1-p))
  statsmodels    Table2x2(..., shift_zeros=False).riskratio / riskratio_confint on the same (corrected) 2x2 table:
                 a second computation of the Katz interval, asserted equal here
  scipy          normal quantile (norm.ppf) and two-sided p-values (norm.sf)
"""
import argparse, io, json, os, subprocess, sys, tempfile
from importlib.metadata import version
import numpy as np
import pandas as pd
import scipy
from scipy import stats
import sklearn
from sklearn.metrics import roc_auc_score
import statsmodels
from statsmodels.stats.contingency_tables import Table2x2

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
CONF = 0.95
Z = stats.norm.ppf(0.5 + CONF / 2)


def rescore(credit):
    data = os.path.join(root, "datasets", "small_borrowers.csv")
    excl = ["--exclude", "loan_id,application_date,true_pd"]
    card, model = os.path.join(here, "card.json"), os.path.join(here, "model.json")
    subprocess.run([credit, "train", data, "--target", "default", *excl, "--scorecard", "-o", card], check=True, capture_output=True)
    subprocess.run([credit, "train", data, "--target", "default", *excl, "-o", model], check=True, capture_output=True)
    s1 = pd.read_csv(io.StringIO(subprocess.run([credit, "score", card, data, "-o", "-"], check=True, capture_output=True, text=True).stdout))
    s2 = pd.read_csv(io.StringIO(subprocess.run([credit, "score", model, data, "-o", "-"], check=True, capture_output=True, text=True).stdout))
    d = pd.read_csv(data)
    out = d[["employment_type", "region", "monthly_income", "default"]].copy()
    out["pd"] = s1.set_index("row")["pd"].reindex(range(1, len(d) + 1)).values
    out["score"] = s1.set_index("row")["score"].reindex(range(1, len(d) + 1)).values.astype(int)
    out["pd_lr"] = s2.set_index("row")["pd"].reindex(range(1, len(d) + 1)).values
    with open(os.path.join(here, "fairness_scores.csv"), "w") as f:
        f.write("employment_type,region,monthly_income,default,pd,score,pd_lr\n")
        for r in out.itertuples(index=False):
            f.write(f"{r.employment_type},{r.region},{r.monthly_income},{r.default},{r.pd!r},{r.score},{'' if np.isnan(r.pd_lr) else repr(r.pd_lr)}\n")


def delong(pd_, bad):
    """AUC and DeLong variance from the m x n matrix of pair comparisons (DeLong et al. 1988)."""
    pos, neg = pd_[bad], pd_[~bad]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    m, n = len(pos), len(neg)
    var = (np.var(v10, ddof=1) / m if m > 1 else np.nan) + (np.var(v01, ddof=1) / n if n > 1 else np.nan)
    return psi.mean(), var


def katz(x1, n1, x0, n0):
    """AIR, Katz log interval (1/2 added to all four cells when one is zero), and statsmodels on the same table."""
    air = np.nan if x0 == 0 else (x1 / n1) / (x0 / n0)
    corrected = min(x1, n1 - x1, x0, n0 - x0) == 0
    if np.isnan(air):
        return dict(value=None, lower=None, upper=None, corrected=corrected, below=False)
    a, b, c, d = (float(v) + (0.5 if corrected else 0.0) for v in (x1, n1 - x1, x0, n0 - x0))
    log_r = np.log((a / (a + b)) / (c / (c + d)))
    se = np.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    lo, hi = np.exp(log_r - Z * se), np.exp(log_r + Z * se)
    t = Table2x2(np.array([[a, b], [c, d]]), shift_zeros=False)
    slo, shi = t.riskratio_confint(alpha=1 - CONF, method="normal")
    assert abs(slo - lo) <= 1e-12 * lo and abs(shi - hi) <= 1e-12 * hi, (lo, hi, slo, shi)
    return dict(value=air, lower=lo, upper=hi, corrected=bool(corrected), below=bool(air < 0.8))


def fairness(score, pd_, bad, group, levels, approve, reference=None):
    """Every per-group figure of GroupFairness. bad: 1, 0 or NaN (no outcome)."""
    df = pd.DataFrame({"score": score, "pd": pd_, "bad": bad, "group": group})
    df["approved"] = approve(df["score"].to_numpy())
    sizes = df.groupby("group").size()
    if reference is None:
        reference = max(levels, key=lambda l: (sizes[l], -levels.index(l)))
    ref = df[df.group == reference]
    ref_x, ref_n = int(ref.approved.sum()), len(ref)
    ref_goods = ref[ref.bad == 0]
    ref_tpr = ref_goods.approved.mean() if len(ref_goods) else np.nan

    def one(name, g, is_ref, is_all):
        o = g[g.bad.notna()]
        bads, goods = o[o.bad == 1], o[o.bad == 0]
        ab, ag = int(bads.approved.sum()), int(goods.approved.sum())
        tpr = ag / len(goods) if len(goods) else np.nan
        r = dict(group=name, rows=len(g), approved=int(g.approved.sum()), approvalRate=g.approved.mean(),
                 rowsWithOutcome=len(o), bads=len(bads), goods=len(goods), approvedBads=ab, approvedGoods=ag,
                 badRateApproved=ab / (ab + ag) if ab + ag else None,
                 truePositiveRate=tpr if len(goods) else None,
                 falsePositiveRate=ab / len(bads) if len(bads) else None,
                 equalOpportunityDifference=None if is_all or np.isnan(tpr - ref_tpr) else (0.0 if is_ref else tpr - ref_tpr))
        r["adverseImpact"] = None if is_ref or is_all else katz(r["approved"], r["rows"], ref_x, ref_n)
        if len(bads) and len(goods):
            p, y = o.pd.to_numpy(), o.bad.to_numpy() == 1
            auc, var = delong(p, y)
            sk = roc_auc_score(y, p)
            assert abs(auc - sk) < 1e-12
            se = np.sqrt(var)
            r["auc"] = dict(value=sk, variance=None if np.isnan(var) else var,
                            lower=None if np.isnan(var) else max(0.0, sk - Z * se),
                            upper=None if np.isnan(var) else min(1.0, sk + Z * se))
        else:
            r["auc"] = None
        if len(o):
            p = o.pd.to_numpy()
            e, v, d = p.sum(), (p * (1 - p)).sum(), int((o.bad == 1).sum())
            z = (d - e) / np.sqrt(v) if v > 0 else np.nan
            r["calibration"] = dict(rows=len(o), meanPD=p.mean(), observedBadRate=d / len(o), expectedBads=e, observedBads=d,
                                    z=None if np.isnan(z) else z, pValue=None if np.isnan(z) else 2 * stats.norm.sf(abs(z)))
        else:
            r["calibration"] = None
        return r

    groups = [one(l, df[df.group == l], l == reference, False) for l in levels if (df.group == l).any()]
    return dict(reference=reference, groups=groups, all=one("all", df, False, True))


def band_labels(edges):
    s = lambda x: str(int(x)) if float(x).is_integer() else repr(x)
    return [f"< {s(edges[0])}"] + [f"[{s(a)}, {s(b)})" for a, b in zip(edges, edges[1:])] + [f"≥ {s(edges[-1])}"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rescore", metavar="CREDIT", help="retrain the models and rescore with this credit binary first")
    args = ap.parse_args()
    if args.rescore:
        rescore(args.rescore)
    d = pd.read_csv(os.path.join(here, "fairness_scores.csv"))
    cases = {}

    # A. Scorecard points, employment type, reference = the largest group.
    lv = sorted(d.employment_type.unique())
    cases["employment_points"] = dict(
        scale="points", cutoff=540, score="score", pd="pd", group="employment_type", bands=None, referenceGiven=None,
        **fairness(d.score, d.pd, d["default"].astype(float), d.employment_type, lv, lambda s: s >= 540))

    # A2. The same groups at a PD cut-off on the scorecard's PD (credit validate --group --cutoff 0.2).
    cases["employment_pd"] = dict(
        scale="pd", cutoff=0.2, score="pd", pd="pd", group="employment_type", bands=None, referenceGiven=None,
        **fairness(d.pd, d.pd, d["default"].astype(float), d.employment_type, lv, lambda s: s <= 0.2))

    # B. Logistic model's PD, monthly income in bands, a given reference; rows the model rejects left out.
    lr = d[d.pd_lr.notna()].reset_index(drop=True)
    edges = [500, 1000, 2000]
    names = band_labels(edges)
    band = pd.cut(lr.monthly_income, bins=[-np.inf] + edges + [np.inf], right=False, labels=names).astype(str)
    cases["income_bands_pd"] = dict(
        scale="pd", cutoff=0.15, score="pd_lr", pd="pd_lr", group="monthly_income", bands=edges, referenceGiven="[500, 1000)",
        **fairness(lr.pd_lr, lr.pd_lr, lr["default"].astype(float), band, names, lambda s: s <= 0.15, "[500, 1000)"))

    # C. Region with planted blanks: region missing on data rows i % 40 == 0 (its own group "(missing)"), the
    # outcome missing on rows i % 9 == 4 (approval columns only); scorecard PD as the score, PD cut-off.
    e = d.copy()
    idx = np.arange(len(e))
    region = e.region.where(idx % 40 != 0, "(missing)")
    bad = e["default"].astype(float).where(idx % 9 != 4, np.nan)
    lv = sorted(e.region.unique()) + ["(missing)"]
    cases["region_edited_pd"] = dict(
        scale="pd", cutoff=0.12, score="pd", pd="pd", group="region", bands=None, referenceGiven="capital",
        region_missing_mod=40, outcome_missing_mod=9, outcome_missing_rem=4,
        **fairness(e.pd, e.pd, bad, region, lv, lambda s: s <= 0.12, "capital"))

    # D. A hand-made table for the edge cases: group A approves nobody (zero cell: 1/2 added), B approves all
    # (the reference: zero declined cell), C is one row, D has one bad and no good among its outcomes, E one bad
    # and one good (an AUC without a DeLong interval).
    tiny = dict(
        score=[0.5, 0.6, 0.7, 0.55, 0.9, 0.1, 0.2, 0.05, 0.15, 0.3, 0.25, 0.1, 0.2, 0.3, 0.1, 0.05, 0.2, 0.4, 0.35, 0.28],
        bad=[1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, None, 0, 1],
        group=["A", "A", "A", "A", "A", "B", "B", "B", "B", "B", "B", "B", "B", "B", "B", "C", "D", "D", "E", "E"])
    lv = ["A", "B", "C", "D", "E"]
    cases["tiny"] = dict(scale="pd", cutoff=0.3, score="score", pd="score", group="group", bands=None, referenceGiven=None, data=tiny,
                         **fairness(pd.Series(tiny["score"]), pd.Series(tiny["score"]), pd.Series(tiny["bad"], dtype=float),
                                    pd.Series(tiny["group"]), lv, lambda s: s <= 0.3))

    out = dict(confidenceLevel=CONF, z=Z, cases=cases,
               versions={"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__,
                         "scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "statsmodels": statsmodels.__version__})
    with open(os.path.join(here, "fairness_fixtures.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
