# credit — two commands on a fresh Debian machine:
#   make demo   install what is missing, build in release, train and score on the bundled German credit data
#   make test   the same check, then the whole test suite
SWIFT      ?= swift
APT_DEPS   := liblapacke-dev libopenblas-dev pkg-config
CREDIT     := .build/release/credit
DEMO_DATA  := datasets/german_credit.csv

.PHONY: all deps build demo test bench clean

all: build

# Checks for the Debian packages the build links against; installs them when run as root, otherwise
# prints the exact command to run.
deps:
	@command -v $(SWIFT) >/dev/null 2>&1 || { echo "swift not found: install the Swift 6 toolchain (swift.org) and put it on PATH"; exit 1; }
	@missing=""; \
	for p in $(APT_DEPS); do \
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

build: deps
	$(SWIFT) build -c release --product credit

demo: build
	@mkdir -p out
	$(CREDIT) describe $(DEMO_DATA) --target default
	$(CREDIT) train $(DEMO_DATA) --target default -o out/german_model.json
	$(CREDIT) score out/german_model.json $(DEMO_DATA) -o out/german_scores.csv
	@echo "model: out/german_model.json   scores: out/german_scores.csv"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# Side-by-side timings against pandas, pyarrow, statsmodels and scikit-learn (installs them into .venv-bench/).
bench: deps
	bash Tests/Benchmarks/run.sh

clean:
	rm -rf .build out
