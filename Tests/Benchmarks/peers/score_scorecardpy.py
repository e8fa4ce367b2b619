"""Score a CSV with scorecardpy `scorecard_ply`, using OUR model's bins and points (so scores must agree).

Usage: score_scorecardpy.py MODEL.json DATA.csv OUT.csv
The card is built from the model's scorecard section: per characteristic, its numeric bins [lower, upper)
as scorecardpy bin strings ("[-inf,1.5)", "[1.5,inf)") and its missing bin ("missing"), with the model's
integer points; basepoints 0 (our points already include the intercept share). pandas reads the CSV and
writes the scores, as `credit score` does. Prints one JSON line: rows, seconds (in-process), columns scored.
Only numeric characteristics without special codes are supported (the bench model has nothing else).
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
        if bins["type"] != "numeric" or bins.get("specials"):
            raise SystemExit(f"{bins['name']}: only numeric characteristics without specials are supported")
        edges = ["-inf"] + [repr(float(c)) for c in bins.get("cuts") or []] + ["inf"]
        labels = [f"[{edges[i]},{edges[i + 1]})" for i in range(len(edges) - 1)] + ["missing"]
        card[bins["name"]] = pd.DataFrame({"variable": bins["name"], "bin": labels, "points": ch["points"]})
    return card


def main() -> None:
    model_path, data, out = sys.argv[1:4]
    with open(model_path) as f:
        model = json.load(f)
    card = card_from_model(model)
    names = [ch["bins"]["name"] for ch in model["scorecard"]["characteristics"]]
    df = pd.read_csv(data)
    scores = sc.scorecard_ply(df[names], card, only_total_score=True, print_step=0)
    scores.to_csv(out, index_label="row")
    print(json.dumps({"rows": int(len(df)), "seconds": time.perf_counter() - t0, "characteristics": len(names)}))


if __name__ == "__main__":
    main()
