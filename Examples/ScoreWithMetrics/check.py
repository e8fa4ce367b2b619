#!/usr/bin/env python3
"""Runs the ScoreWithMetrics example and checks what it prints against independent references.

    python3 Examples/ScoreWithMetrics/check.py Examples/ScoreWithMetrics/.build/debug/ScoreWithMetrics

(from the repository root; `make test` does). The AUC and its DeLong 95% interval must equal scikit-learn's
roc_auc_score and a brute-force DeLong variance of the statsmodels fit of the same model to 1e-12 (they depend on
the order of the PDs only; one swapped pair of 300 x 700 would move the AUC by 4.8e-6), from
Tests/CreditKitTests/Fixtures/getting_started_fixture.json (made by make_getting_started_fixture.py beside it);
the swift-metrics gauge line must carry the same AUC.
"""
import json, os, re, subprocess, sys

root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Examples/ScoreWithMetrics/.build/debug/ScoreWithMetrics")
data = os.path.join(root, "datasets", "german_credit.csv")
with open(os.path.join(root, "Tests/CreditKitTests/Fixtures/getting_started_fixture.json")) as f:
    ref = json.load(f)

run = subprocess.run([binary, data], capture_output=True, text=True)
out = run.stdout
problems = []
if run.returncode != 0:
    problems.append(f"exit code {run.returncode}; stderr: {run.stderr.strip()}")
gauge = re.search(r"^record value metric\.name=credit_auc metric\.dimensions=\[data=german_credit\] .*metric\.value=(\S+)$", out, re.M)
line = re.search(r"^AUC (\S+) DeLong 95% CI \[(\S+), (\S+)\] on (\d+) rows$", out, re.M)
if not gauge:
    problems.append("no swift-metrics gauge line 'record value metric.name=credit_auc ...'")
if not line:
    problems.append("no line 'AUC ... DeLong 95% CI [..., ...] on N rows'")
if gauge and line:
    auc, lower, upper, rows = float(line[1]), float(line[2]), float(line[3]), int(line[4])
    checks = [("AUC vs scikit-learn roc_auc_score", auc, ref["auc_sklearn"]),
              ("DeLong CI lower vs brute force", lower, ref["delong_ci95_lower"]),
              ("DeLong CI upper vs brute force", upper, ref["delong_ci95_upper"])]
    for name, got, want in checks:
        if not abs(got - want) <= 1e-12:
            problems.append(f"{name}: printed {got!r}, reference {want!r}")
    if float(gauge[1]) != auc:
        problems.append(f"the gauge recorded {gauge[1]}, the printed AUC is {line[1]}")
    if rows != 1000:
        problems.append(f"{rows} rows evaluated, expected 1000")
if problems:
    sys.stdout.write(out)
    print("ScoreWithMetrics check FAILED:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"ScoreWithMetrics: AUC {line[1]} [{line[2]}, {line[3]}] equals scikit-learn {ref['versions']['scikit-learn']} "
      f"and the brute-force DeLong interval to 1e-12; the swift-metrics gauge recorded it")
