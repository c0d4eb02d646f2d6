# Aftermath — the two commands the README promises:
#   make run    install what is missing, build, serve on 127.0.0.1:9099 with the archive in ./archive
#   make test   install what the tests need, build, run the whole suite
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
CONFIG ?=
ARGS ?=

# Debian packages: to build and run, and (in addition) for the tests' real counterparts.
RUN_PACKAGES := pkg-config libsqlite3-dev libcmark-dev
TEST_PACKAGES := $(RUN_PACKAGES) curl procps iproute2 gzip util-linux systemd systemd-journal-remote \
	openssh-client openssh-server prometheus prometheus-alertmanager prometheus-node-exporter chromium

# Benchmarks only (not needed to run or test): load generator, baselines, Hugo to compare with.
BENCH_PACKAGES := $(RUN_PACKAGES) wrk sqlite3 gcc python3 hugo strace

.PHONY: run build test deps-run deps-test deps-bench bench bench-intake bench-ingest bench-site bench-capture fuzz clean

# Installs whichever of the named Debian packages are missing (as root, or through sudo).
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps-run:
	$(call apt_install,$(RUN_PACKAGES))

deps-test:
	$(call apt_install,$(TEST_PACKAGES))

deps-bench:
	$(call apt_install,$(BENCH_PACKAGES))

build: deps-run
	$(SWIFT) build -c release --product aftermath

run: build
	.build/release/aftermath serve $(if $(CONFIG),--config $(CONFIG)) $(ARGS)

test: deps-test
	$(SWIFT) build --build-tests
	AFTERMATH_BIN="$$($(SWIFT) build --show-bin-path)/aftermath" $(SWIFT) test --skip-build

# Benchmarks measure; they are not tests. See README "Performance".
bench: bench-intake bench-ingest bench-site bench-capture

bench-intake: deps-bench build
	bench/intake.sh

bench-ingest: deps-bench
	$(SWIFT) build -c release --product aftermath-bench
	bench/ingest.sh

bench-capture: deps-bench build
	bench/capture.sh

bench-site: deps-bench build
	AFTERMATH_BIN=.build/release/aftermath bench/site.sh

# Fuzzing (libFuzzer + AddressSanitizer, not part of `make test`): every target for FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz: deps-run
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

clean:
	rm -rf .build site/*.html
