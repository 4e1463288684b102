#!/usr/bin/env bash
# Installs what the tests need, then runs the whole suite; exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_tests
cd "$ROOT"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export ZKPLAY_REQUIRE_REAL_SERVER=1

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings
log "cargo clippy (wasm)"
cargo clippy -p zkplay-core -p zkplay-web -p zkplay-tools --all-targets --target wasm32-unknown-unknown -- -D warnings
log "cargo clippy (the page's own build: core without the lessons' texts)"
cargo clippy -p zkplay-web --target wasm32-unknown-unknown -- -D warnings
log "native tests (conformance against a real ZooKeeper 3.8 included)"
cargo test --workspace
log "core tests as wasm under Node"
cargo test -p zkplay-core --target wasm32-unknown-unknown
log "web tests in headless Chromium"
cargo test -p zkplay-web --target wasm32-unknown-unknown
log "release build"
trunk build --release --offline
for f in dist/*.wasm dist/*.js; do
  printf '  %-50s %8d bytes raw, %7d gzipped\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
log "end-to-end tests in headless Chromium"
node tests/e2e/run.mjs
log "kazoo 2.11.0's own test suite against zkplay serve (at least 226 of 241 server-backed tests)"
bash tests/kazoo/run.sh
log "benchmarks, quick run, budgets checked (agreement with ZooKeeper's DataTree, growth, memory, size)"
cargo run --quiet --profile perf -p zkplay-bench -- --quick --check
log "all checks passed"
