#!/usr/bin/env bash
# Every benchmark in one run: the engine against ZooKeeper's own DataTree (native, wasm in Node,
# Java), simulation scale, memory, the page in headless Chromium, the page's size, and zkplay serve
# against the real ZooKeeper 3.8 (latency with 200 clients, 10,000 idle connections).
#   bash scripts/bench.sh            full run (100,000 znodes + 1,000,000 operations; N to 10,000)
#   bash scripts/bench.sh --quick    a tenth of the workload, N to 1,000 (what CI runs)
#   add --check to exit non-zero when a budget (agreement, growth, memory, size) is broken.
# The report is printed and written to target/bench/results-{full,quick}.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_tests
cd "$ROOT"
log "release build of the page"
trunk build --release --offline
log "benchmarks"
cargo run --quiet --profile perf -p zkplay-bench -- "$@"
