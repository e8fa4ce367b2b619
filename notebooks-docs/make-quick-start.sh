#!/usr/bin/env bash
# Regenerates notebooks-docs/quick-start.md from real runs of the release build.
#   bash notebooks-docs/make-quick-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product credit >/dev/null
C="$PWD/.build/release/credit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p out
run() { echo "\$ credit $*"; "$C" "$@" 2>&1; }
{
echo '# Quick start: German credit'
echo
echo 'A logistic regression of default on the UCI German credit data (`datasets/german_credit.csv`, 1,000 loans,'
echo '300 bad; see `datasets/german_credit.md`), from profile to scores. Every block below is the real output of the'
echo 'command above it; `notebooks-docs/make-quick-start.sh` regenerates this page.'
echo
echo '## 1. Profile the columns'
echo
echo '```text'
echo '$ credit describe datasets/german_credit.csv --target default --format markdown'
echo '```'
echo
"$C" describe datasets/german_credit.csv --target default --format markdown
echo
echo 'Quantiles are type 7 (linear interpolation, as numpy, pandas and R). No column has missing values, so the'
echo '"bad rate if missing" column is empty.'
echo
echo '## 2. Fit the model'
echo
echo 'Every column but the target is a predictor. The 13 categorical columns are one-hot coded against their first'
echo 'level in sorted order, which gives 48 terms plus the intercept.'
echo
echo '```text'
run train datasets/german_credit.csv --target default -o out/german_model.json
echo '```'
echo
echo 'statsmodels 0.15.0 gives the same coefficients and standard errors to better than 1e-6 relative'
echo '(`Tests/RegressionTests/Fixtures/make_statsmodels_fixtures.py` writes the fixture; `RegressionTests` checks'
echo 'every term, the log-likelihoods, LR statistic, pseudo-R², AIC and BIC).'
echo
echo '## 3. Score applicants'
echo
echo '```text'
run score out/german_model.json datasets/german_credit.csv -o out/german_scores.csv
echo '$ head -6 out/german_scores.csv'
head -6 out/german_scores.csv
echo '```'
echo
echo "The data's cost matrix (a bad classed good costs 5, a good classed bad costs 1) puts the cost-minimising"
echo 'cut-off at PD > 1/6; this many of the 1,000 applicants fall above it:'
echo
echo '```text'
echo "\$ awk -F, 'NR > 1 && \$2 > 1/6' out/german_scores.csv | wc -l"
awk -F, 'NR > 1 && $2 > 1/6' out/german_scores.csv | wc -l
echo '```'
echo
echo '## 4. Rows that cannot be scored'
echo
echo 'A row with a missing value in a column the model uses, or a category it never saw, is set aside with its'
echo 'line and reason; rows in = rows scored + rows rejected.'
echo
echo '```text'
echo '$ head -3 datasets/german_credit.csv | sed "3s/,radio\/television,/,boat,/" > applicants.csv'
head -3 datasets/german_credit.csv | sed "3s/,radio\/television,/,boat,/" > "$work/applicants.csv"
cp out/german_model.json "$work/model.json"
echo '$ credit score model.json applicants.csv --rejects rejects.csv'
(cd "$work" && "$C" score model.json applicants.csv --rejects rejects.csv 2>&1)
echo '$ cat rejects.csv'
cat "$work/rejects.csv"
echo '```'
} > notebooks-docs/quick-start.md
echo "wrote notebooks-docs/quick-start.md" >&2
