# Comptoir: `make run` serves the marketplace, `make test` runs every test.
# Each install step is skipped when its tool is already there at the right version.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
# cargo-leptos compiles the app with this set; tests and clippy use the same value so that they
# reuse its build instead of compiling the Leptos crates a second time.
export LEPTOS_OUTPUT_NAME := comptoir
# Who invoices the demo's organisations, unless the environment says otherwise (invented values).
export COMPTOIR_OPERATOR_NAME ?= Comptoir Demo SAS
export COMPTOIR_OPERATOR_ADDRESS ?= 1 place Bellecour, 69002 Lyon
export COMPTOIR_OPERATOR_VAT_ID ?= FR12345678901
export COMPTOIR_OPERATOR_BANK_ACCOUNT ?= FR76 3000 6000 0112 3456 7890 189

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' Cargo.lock | head -n 1)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
E2E_PG_DB := comptoir_e2e

.PHONY: run test tools toolchain node-tools python-tools chromium lint rust-tests fake-stripe e2e e2e-postgres build-release wasm-size bench bench-billing fuzz

run: tools
	mkdir -p data
	cargo leptos serve --release

test: tools chromium lint
	cargo leptos build
	$(MAKE) rust-tests e2e e2e-postgres

tools: toolchain node-tools python-tools

toolchain:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@# --debug: cargo-leptos only drives the build, as fast unoptimized; it builds in 6.5 minutes
	@# on two cores instead of 25 with its own profile (LTO, one codegen unit).
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)" || \
		cargo install --locked --debug cargo-leptos --version $(CARGO_LEPTOS_VERSION) --features no_downloads
	@# Not --locked: one of wasm-bindgen-cli's locked dependencies is missing from the registry.
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

node-tools: node_modules/.installed end2end/node_modules/.installed

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

end2end/node_modules/.installed: end2end/package-lock.json
	cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# The SMTP server the tests send mail to (PyPI, pinned).
python-tools:
	@python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '1.4.6')" 2>/dev/null || \
		python3 -m pip install --quiet aiosmtpd==1.4.6

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

lint:
	cargo fmt --all -- --check
	cargo clippy -p broker -p app -p server --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

rust-tests:
	cargo test -p broker -p app -p server

# The tests' fake Stripe as a process: the end-to-end tests pay by card on its checkout page.
fake-stripe:
	cargo build -p broker -p app -p server --example fake_stripe

e2e: fake-stripe
	cd end2end && npx playwright test

# The end-to-end tests again on a fresh PostgreSQL database, when TEST_DATABASE_URL names a server.
e2e-postgres: fake-stripe
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		psql "$$TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $(E2E_PG_DB) WITH (FORCE)" -c "CREATE DATABASE $(E2E_PG_DB)"; \
		cd end2end && E2E_PORT=3401 E2E_DATABASE_URL="$${TEST_DATABASE_URL%/*}/$(E2E_PG_DB)" npx playwright test; \
	else \
		echo "TEST_DATABASE_URL is not set: end-to-end tests ran on SQLite only."; \
	fi

# The release build a visitor gets, and the size of the WASM they download.
build-release: tools
	cargo leptos build --release

wasm-size: build-release
	@command -v brotli >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y brotli; }
	@wasm=$$(ls target/site/pkg/comptoir*.wasm); \
	raw=$$(stat -c %s $$wasm); \
	gz=$$(gzip -9 -c $$wasm | wc -c); \
	br=$$(brotli -c -q 11 $$wasm | wc -c); \
	echo "comptoir.wasm: $$raw bytes raw, $$gz gzip -9, $$br brotli -q 11"

# Catalog throughput with 10,000 published offers against a bare axum handler (README, "Benchmark").
bench:
	cargo bench -p server --bench catalog

# Usage ingest, a month's billing run and its export with 1,000 organisations, 10,000 contract
# lines and 1,000,000 usage records (README, "Benchmark").
bench-billing:
	cargo bench -p server --bench billing

# Each fuzz target for FUZZ_SECONDS from its seeds (README, "Test it"); fails on the first crash.
# `-s none`: coverage instrumentation only, since AddressSanitizer needs a nightly compiler.
FUZZ_SECONDS ?= 60

fuzz:
	@cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	cd fuzz && for target in $$(cargo fuzz list); do \
		mkdir -p corpus/$$target; \
		cargo fuzz run -s none $$target corpus/$$target seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=30 || exit 1; \
	done
