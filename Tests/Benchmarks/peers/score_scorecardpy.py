"""Score a CSV with scorecardpy `scorecard_ply`, using OUR model's bins and points (so scores must agree).

Usage: score_scorecardpy.py MODEL.json DATA.csv OUT.csv
The card is built from the model's scorecard section: per characteristic, its numeric bins [lower, upper)
as scorecardpy bin strings ("[-inf,1.5)", "[1.5,inf)"), a categorical characteristic's groups of levels as
scorecardpy's "level%,%level" strings (the rare levels of its "other" group as one more such string), and the
missing bin ("missing"), with the model's integer points in the order of the model's bin table; basepoints 0
(our points already include the intercept share). pandas reads the CSV and writes the scores, as `credit score`
does. Prints one JSON line: rows, seconds (in-process), columns scored.
Characteristics with special codes are not supported (the bench models have none); a level the card has not
seen would get no points in scorecardpy (the bench scores the files the cards were built for).
"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402
import scorecardpy as sc  # noqa: E402


def card_from_model(model: dict) -> dict:
    card = {"basepoints": pd.DataFrame({"variable": ["basepoints"], "bin": [None], "points": [0]})}
    for ch in model["scorecard"]["characteristics"]:
        bins = ch["bins"]
        if bins.get("specials"):
            raise SystemExit(f"{bins['name']}: characteristics with special codes are not supported")
        kinds = [b["kind"] for b in ch["table"]["bins"]]
        if bins["type"] == "numeric":
            edges = ["-inf"] + [repr(float(c)) for c in bins.get("cuts") or []] + ["inf"]
            regular = [f"[{edges[i]},{edges[i + 1]})" for i in range(len(edges) - 1)]
        elif bins["type"] == "categorical":
            regular = ["%,%".join(str(level) for level in group) for group in bins["groups"]]
        else:
            raise SystemExit(f"{bins['name']}: bins of type {bins['type']} are not supported")
        labels, points = [], []
        it = iter(regular)
        for kind, p in zip(kinds, ch["points"]):
            if kind == "regular":
                labels.append(next(it))
            elif kind == "missing":
                labels.append("missing")
            elif kind == "other":
                if not bins.get("other"):
                    continue  # no level in it: nothing to map
                labels.append("%,%".join(str(level) for level in bins["other"]))
            else:
                raise SystemExit(f"{bins['name']}: bin kind {kind} is not supported")
            points.append(p)
        card[bins["name"]] = pd.DataFrame({"variable": bins["name"], "bin": labels, "points": points})
    return card


def main() -> None:
    model_path, data, out = sys.argv[1:4]
    with open(model_path) as f:
        model = json.load(f)
    card = card_from_model(model)
    names = [ch["bins"]["name"] for ch in model["scorecard"]["characteristics"]]
    df = pd.read_csv(data)
    # replace_blank_na=False: pandas already reads a blank field as NaN, and scorecardpy 0.1.9.7's blank check
    # (rep_blank_na) fails on pandas 3 when a column holds NaN.
    scores = sc.scorecard_ply(df[names], card, only_total_score=True, print_step=0, replace_blank_na=False)
    scores.to_csv(out, index_label="row")
    print(json.dumps({"rows": int(len(df)), "seconds": time.perf_counter() - t0, "characteristics": len(names)}))


if __name__ == "__main__":
    main()
