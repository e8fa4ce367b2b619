"""Reference values for Tests/CreditMetricsTests: StabilityTests (PSI/CSI, χ² homogeneity) and BacktestingTests
(Jeffreys and binomial grade tests).

Run from the package root (throwaway venv; tests read only the committed JSON):
    python3 -m venv /tmp/v && /tmp/v/bin/pip install toad scipy pandas scikit-learn
    /tmp/v/bin/python Tests/CreditMetricsTests/Fixtures/make_stability_fixtures.py \
        > Tests/CreditMetricsTests/Fixtures/stability_fixtures.json
The JSON records the versions used (last run: toad 0.1.7, scipy 1.17.1, pandas 3.1.1, numpy 2.4.6).

Peers:
  toad.metrics.PSI(test, base, return_frame=True): shares by value_counts(normalize=True); a band present in only
    one sample gives NaN after pandas index alignment and np.sum skips it -> toad's empty-band rule is "skip the
    band" (our EmptyBandRule.skipBand). Per-band contributions are recomputed from toad's returned frame.
  Our other empty-band rules (replace a zero share by eps; add alpha to every count) are written out in numpy
    below, since no peer offers them under those names.
  scipy.stats.chi2_contingency(table, correction=False): Pearson chi2 of the 2 x k table (bands empty in both
    samples removed first, as we do).
  scipy.stats.beta.cdf / binom.sf: Jeffreys and binomial PD tests per grade (ECB 2019).
"""
import json
import numpy as np
import pandas as pd
import scipy
import toad
from scipy import stats

rng = np.random.default_rng(20261129)
cases = []

def band_labels(k):
    return [f"b{i:02d}" for i in range(k)]

def make_case(name, base_p, recent_p, n_base, n_recent, zero_recent=(), zero_base=()):
    k = len(base_p)
    base = rng.choice(k, size=n_base, p=base_p)
    recent = rng.choice(k, size=n_recent, p=recent_p)
    # Force empty bands where asked (move their rows to band 0).
    for z in zero_recent: recent[recent == z] = 0
    for z in zero_base: base[base == z] = 0
    labels = np.array(band_labels(k))
    psi, frame = toad.metrics.PSI(pd.Series(labels[recent]), pd.Series(labels[base]), return_frame=True)
    frame = frame.set_index("value").reindex(labels)
    contrib = ((frame["test"] - frame["base"]) * np.log(frame["test"] / frame["base"]))
    bc = np.bincount(base, minlength=k); rc = np.bincount(recent, minlength=k)
    # replaceZeroShare(1e-4)
    e = bc / bc.sum(); a = rc / rc.sum()
    e2 = np.where(e == 0, 1e-4, e); a2 = np.where(a == 0, 1e-4, a)
    replace = float(np.sum((a2 - e2) * np.log(a2 / e2)))
    # addToCounts(0.5)
    e3 = (bc + 0.5) / (bc.sum() + 0.5 * k); a3 = (rc + 0.5) / (rc.sum() + 0.5 * k)
    add = float(np.sum((a3 - e3) * np.log(a3 / e3)))
    keep = (bc + rc) > 0
    chi2, p, dof, _ = stats.chi2_contingency(np.vstack([bc[keep], rc[keep]]), correction=False)
    cases.append({
        "name": name, "base_counts": bc.tolist(), "recent_counts": rc.tolist(),
        "toad_psi": float(psi), "toad_contributions": [None if np.isnan(c) else float(c) for c in contrib],
        "psi_replace_zero_share_1e-4": replace, "psi_add_to_counts_0.5": add,
        "chi2": float(chi2), "chi2_df": int(dof), "chi2_p": float(p),
    })

ten = np.full(10, 0.1)
make_case("same population", ten, ten, 5000, 4000)
make_case("shifted", ten, np.linspace(0.05, 0.15, 10) / np.linspace(0.05, 0.15, 10).sum(), 5000, 4000)
make_case("strong shift", np.array([0.3, 0.3, 0.2, 0.1, 0.1]), np.array([0.1, 0.1, 0.2, 0.3, 0.3]), 2000, 1500)
make_case("empty recent band", ten, ten, 3000, 2000, zero_recent=(9,))
make_case("empty base band", ten, ten, 3000, 2000, zero_base=(4,))

grades = []
for n, d, pd_ in [(1000, 12, 0.01), (500, 30, 0.04), (200, 25, 0.08), (80, 20, 0.15), (40, 0, 0.02), (3000, 95, 0.03)]:
    grades.append({"rows": n, "defaults": d, "pd": pd_,
                   "jeffreys": float(stats.beta.cdf(pd_, d + 0.5, n - d + 0.5)),
                   "binomial": float(stats.binom.sf(d - 1, n, pd_))})

print(json.dumps({"tools": {"toad": toad.__version__ if hasattr(toad, "__version__") else "0.1.7",
                            "scipy": scipy.__version__, "pandas": pd.__version__, "numpy": np.__version__},
                  "stability": cases, "grades": grades}, indent=1))
