"""Score a CSV with optbinning `Scorecard.score` (pandas read and write included).

Usage: score_optbinning.py MODEL.json TRAIN.csv DATA.csv OUT.csv
optbinning cannot load our model, so it fits its own Scorecard on TRAIN.csv with the same characteristics,
the same cut points or groups of levels (`user_splits`, so the same bins), an unpenalised scikit-learn LogisticRegression and the
same scaling (pdo_odds: PDO, base odds and base score from our model). Its points are not rounded and its WoE
has the opposite sign (ln(%good/%bad)), so its scores match ours only up to rounding (each characteristic's
points are rounded to an integer in ours): the bench compares them within 0.5 point per characteristic.
Fitting is outside the timed part; the timed part is read CSV → Scorecard.score → write CSV.
Prints one JSON line: rows, seconds (read + score + write), fit_seconds.
"""
import json
import sys
import time

import pandas as pd
from optbinning import BinningProcess, Scorecard
from sklearn.linear_model import LogisticRegression


def main() -> None:
    model_path, train_path, data, out = sys.argv[1:5]
    with open(model_path) as f:
        model = json.load(f)
    sc_ = model["scorecard"]
    names = [ch["bins"]["name"] for ch in sc_["characteristics"]]
    splits, categorical = {}, []
    for ch in sc_["characteristics"]:
        bins = ch["bins"]
        if bins["type"] == "categorical":  # the groups of levels (and the rare levels of "other") as user splits
            categorical.append(bins["name"])
            groups = [list(g) for g in bins["groups"]] + ([list(bins["other"])] if bins.get("other") else [])
            splits[bins["name"]] = {"user_splits": groups}
        else:
            splits[bins["name"]] = {"user_splits": bins.get("cuts") or []}
    scaling = sc_["scaling"]
    target = model["target"]["column"]
    t0 = time.perf_counter()
    train = pd.read_csv(train_path)
    bp = BinningProcess(names, categorical_variables=categorical, binning_fit_params=splits)
    card = Scorecard(binning_process=bp, estimator=LogisticRegression(C=float("inf"), max_iter=1000),
                     scaling_method="pdo_odds",
                     scaling_method_params={"pdo": scaling["pdo"], "odds": scaling["baseOdds"],
                                            "scorecard_points": scaling["baseScore"]})
    card.fit(train[names], train[target] if str(model["target"]["bad"]) == "1" else (train[target].astype(str) == model["target"]["bad"]).astype(int))
    fit_seconds = time.perf_counter() - t0

    t1 = time.perf_counter()
    df = pd.read_csv(data)
    scores = card.score(df[names])
    pd.DataFrame({"score": scores}).to_csv(out, index_label="row")
    print(json.dumps({"rows": int(len(df)), "seconds": time.perf_counter() - t1, "fit_seconds": fit_seconds}))


if __name__ == "__main__":
    main()
