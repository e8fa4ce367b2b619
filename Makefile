# credit — two commands on a fresh Debian machine:
#   make demo   install what is missing, build in release, train and score on the bundled German credit data
#   make test   the same check, then the whole test suite and the CreditKit library example (Examples/)
SWIFT      ?= swift
APT_DEPS   := liblapacke-dev libopenblas-dev pkg-config libc6-dev
# The engines' C client libraries (credit train/score --db): SQLite and PostgreSQL's libpq.
APT_DEPS   += libsqlite3-dev libpq-dev
# What the tests run exports in: the sqlite3 shell, a Java runtime (JPMML; any `java` on PATH will do) and
# python3-venv for .venv-test/ (DuckDB and jpmml-evaluator, pinned in Tests/Engines/requirements.txt), and
# headless Chromium with a font for the report browser test (ReportBrowserTests).
TEST_APT_DEPS := sqlite3 default-jre-headless python3-venv chromium fonts-dejavu-core
# pdflatex with booktabs for LaTeXCLITests, which compiles every `--format latex` output (CREDIT_SKIP_LATEX=1
# skips it where pdflatex cannot be installed).
TEST_APT_DEPS += texlive-latex-base texlive-latex-recommended
# PostgreSQL 15 server binaries and psql for EngineCLITests (a private server in a temporary directory).
TEST_APT_DEPS += postgresql
PYTHON     ?= python3
TEST_VENV  := .venv-test
SPARK_VENV := .venv-spark
CREDIT     := .build/release/credit
DEMO_DATA  := datasets/german_credit.csv

.PHONY: all deps test-deps build demo test example docs-api race test-engines bench bench-scale docs fuzz clean

all: build

# $(call apt_check,PACKAGES): checks Debian packages; installs the missing ones when run as root, otherwise
# prints the exact command to run. default-jre-headless counts as present when `java` is on PATH.
define apt_check
command -v $(SWIFT) >/dev/null 2>&1 || { echo "swift not found: install the Swift 6 toolchain (swift.org) and put it on PATH"; exit 1; }; \
missing=""; \
for p in $(1); do \
  if [ "$$p" = default-jre-headless ] && command -v java >/dev/null 2>&1; then continue; fi; \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "installing Debian packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
  else \
    echo "missing Debian packages:$$missing"; \
    echo "install them with:  sudo apt-get install -y$$missing"; \
    exit 1; \
  fi; \
fi
endef

deps:
	@$(call apt_check,$(APT_DEPS))

test-deps:
	@$(call apt_check,$(TEST_APT_DEPS))

build: deps
	$(SWIFT) build -c release --product credit

demo: build
	@mkdir -p out
	$(CREDIT) describe $(DEMO_DATA) --target default
	$(CREDIT) train $(DEMO_DATA) --target default -o out/german_model.json
	$(CREDIT) score out/german_model.json $(DEMO_DATA) -o out/german_scores.csv
	@echo "model: out/german_model.json   scores: out/german_scores.csv"

# The engines the export tests run in (rebuilt only when the pinned requirements change).
$(TEST_VENV)/.installed: Tests/Engines/requirements.txt
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install -q --disable-pip-version-check -r Tests/Engines/requirements.txt
	@touch $@

test: deps test-deps $(TEST_VENV)/.installed
	$(SWIFT) build --build-tests
	CREDIT_TEST_PYTHON=$(CURDIR)/$(TEST_VENV)/bin/python $(SWIFT) test --skip-build --disable-swift-testing
	@$(MAKE) --no-print-directory example

# CreditKit used as a library by another package: Examples/ScoreWithMetrics depends on this package by path and on
# apple/swift-metrics, fits, scores and records the AUC in a swift-metrics gauge; check.py compares what it prints
# with scikit-learn's AUC and a brute-force DeLong interval (Tests/CreditKitTests/Fixtures). It builds the library
# again in its own .build (a package cannot share another's build folder).
EXAMPLE := Examples/ScoreWithMetrics
example: deps
	$(SWIFT) build --package-path $(EXAMPLE)
	$(PYTHON) $(EXAMPLE)/check.py $(EXAMPLE)/.build/debug/ScoreWithMetrics

# Data races: credit built with ThreadSanitizer runs every two-thread path (read, fit, design, binning, scoring,
# out of core) on 120,000 synthetic loans; any race report fails. CI runs it after `make test`.
race: deps
	SWIFT=$(SWIFT) bash Tests/Race/run.sh

$(SPARK_VENV)/.installed: Tests/Engines/requirements-spark.txt
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install -q --disable-pip-version-check -r Tests/Engines/requirements-spark.txt
	@touch $@

# The Spark SQL export run in PySpark (local mode), over German credit and the hostile-names data. Not in CI.
test-engines: deps test-deps $(SPARK_VENV)/.installed
	$(SWIFT) build --product credit
	PYTHON=$(CURDIR)/$(SPARK_VENV)/bin/python CREDIT=.build/debug/credit bash Tests/Engines/run-spark.sh

# Side-by-side timings against pandas, pyarrow, statsmodels and scikit-learn (installs them into .venv-bench/).
bench: deps
	bash Tests/Benchmarks/run.sh

# Regenerates the output in the research notes (notebooks-docs/*.md) and the README tour from real runs of the
# release build (notebooks-docs/run-docs.py; `make test` checks them with the debug build).
docs: build
	$(PYTHON) notebooks-docs/run-docs.py --credit $(CREDIT)

# The API documentation of CreditKit (DocC; not in `make test`): a build in its own folder (.build-docs, so the
# ordinary build keeps its flags) emits the symbol graphs; CreditKit's holds every re-exported module. `docc
# convert` (shipped with the Swift toolchain) turns Sources/CreditKit/CreditKit.docc and that graph into a static
# site, .build-docs/CreditKit.doccarchive (serve the folder; pages under documentation/creditkit/). The
# swift-docc-plugin is not a dependency: it would cost every build of the package.
DOCC ?= docc
DOCS_API := .build-docs
docs-api: deps
	$(SWIFT) build --scratch-path $(DOCS_API) --target CreditKit -Xswiftc -emit-symbol-graph \
		-Xswiftc -emit-symbol-graph-dir -Xswiftc $(CURDIR)/$(DOCS_API)/symbol-graphs
	rm -rf $(DOCS_API)/creditkit-graph && mkdir -p $(DOCS_API)/creditkit-graph
	cp $(DOCS_API)/symbol-graphs/CreditKit.symbols.json $(DOCS_API)/creditkit-graph/
	$(DOCC) convert Sources/CreditKit/CreditKit.docc --additional-symbol-graph-dir $(DOCS_API)/creditkit-graph \
		--output-path $(DOCS_API)/CreditKit.doccarchive --fallback-display-name CreditKit \
		--fallback-bundle-identifier credit.CreditKit --transform-for-static-hosting
	@echo "API documentation: $(DOCS_API)/CreditKit.doccarchive"

# Out-of-core scale run (5M and 50M rows; ~23 GB of disk, tens of minutes): writes notebooks-docs/out-of-core.md.
bench-scale: deps
	$(SWIFT) build -c release --product credit
	bash Tests/Benchmarks/scale.sh

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of the CSV reader, the number parser and the model
# loader, FUZZ_SECONDS per target (default 60) over Tests/Fuzz/Corpus. Not in CI; findings land in .build-fuzz/artifacts/.
FUZZ_SECONDS ?= 60
fuzz: deps
	bash Tests/Fuzz/build.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash Tests/Fuzz/run.sh

clean:
	rm -rf .build out $(EXAMPLE)/.build $(DOCS_API)
