"""Shared by the application-shaped peers of `make bench` (app_*.py): arguments, the predictors, the bad flag.

Every app peer takes FILE --target COL [--exclude A,B] [--bad LEVEL]: the predictors are every column but the
target and the excluded ones, as in `credit train` / `credit bin`. A column pandas does not read as numbers is
categorical (text categories; dates are excluded by the harness).
"""
import sys

import pandas as pd


def args(argv: list[str]) -> dict:
    def opt(name, default=None):
        return argv[argv.index(name) + 1] if name in argv else default
    return {"path": argv[1], "target": opt("--target"), "bad": opt("--bad", "1"),
            "exclude": [c for c in (opt("--exclude", "") or "").split(",") if c],
            "output": opt("-o"), "peer": opt("--peer")}


def predictors(df: pd.DataFrame, a: dict) -> list[str]:
    return [c for c in df.columns if c != a["target"] and c not in a["exclude"]]


def categorical(df: pd.DataFrame, names: list[str]) -> list[str]:
    return [n for n in names if not pd.api.types.is_numeric_dtype(df[n])]


def bad_flag(df: pd.DataFrame, a: dict) -> pd.Series:
    return (df[a["target"]].astype(str) == a["bad"]).astype(int)


def die(message: str) -> None:
    print(f"{sys.argv[0]}: {message}", file=sys.stderr)
    sys.exit(2)
