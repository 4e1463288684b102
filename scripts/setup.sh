#!/usr/bin/env bash
# Installs what zkplay's build needs, skipping whatever is already there (idempotent).
# Sourced by serve.sh, test.sh and tests/kazoo/run.sh; `setup_build` for the app, `setup_tests` for the suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
export PATH="$TOOLS/bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, or Trunk downloads one.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_build() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    log "cargo install trunk $TRUNK_VERSION (about 8 minutes, once)"
    cargo install trunk --locked --version "$TRUNK_VERSION"
  fi
  local wbv; wbv="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wbv"; then
    log "cargo install wasm-bindgen-cli $wbv (about 3 minutes, once)"
    # --locked fails: a locked dependency version is missing from the registry.
    cargo install wasm-bindgen-cli --version "$wbv"
  fi
  # Debian's binaryen is too old for rustc 1.95's wasm; npm's is current.
  if [ ! -x "$TOOLS/bin/wasm-opt" ] || ! "$TOOLS/bin/wasm-opt" --version >/dev/null 2>&1; then
    log "npm binaryen@$BINARYEN_VERSION for wasm-opt"
    mkdir -p "$TOOLS/bin" "$TOOLS/npm"
    (cd "$TOOLS/npm" && npm install --silent --no-audit --no-fund --prefix . "binaryen@$BINARYEN_VERSION" >/dev/null)
    printf '#!/bin/sh\nexec node "%s/npm/node_modules/binaryen/bin/wasm-opt" "$@"\n' "$TOOLS" > "$TOOLS/bin/wasm-opt"
    chmod +x "$TOOLS/bin/wasm-opt"
  fi
}

setup_tests() {
  setup_build
  # fonts-noto-cjk: the Chinese tutorial text in the end-to-end screenshots.
  apt_install chromium chromium-driver zookeeper fonts-noto-cjk
  setup_curator
  # kazoo: tests/tests/export_kazoo.rs runs the exported Python programs with it.
  setup_kazoo
  # javac: the benchmark runs ZooKeeper's DataTree in-process from a small Java program.
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
    log "npm playwright-core (uses Debian's Chromium; no browser download)"
    (cd "$ROOT/tests/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund >/dev/null)
  fi
}

# Curator 5.4 (Debian 12's libcurator-*-java; Guava comes with them): tests/tests/serve_curator.rs
# runs its recipes against the real ZooKeeper and against zkplay serve.
setup_curator() {
  apt_install libcurator-recipes-java libcurator-framework-java libcurator-client-java
}

# kazoo 2.11.0's own test suite, run against `zkplay serve` by tests/kazoo/run.sh: a venv with the
# test dependencies pinned in tests/kazoo/requirements.txt and kazoo's sdist (it ships kazoo/tests
# and kazoo/testing), both under target/. Once there, nothing is fetched again.
KAZOO_VERSION="2.11.0"
KAZOO_SDIST_SHA256="57e7e6f69295c8f922511488eeb79680729e14bb8eb382d5cad83aa11345c36c"
KAZOO_VENV="$ROOT/target/kazoo-venv"
KAZOO_SRC="$ROOT/target/kazoo-src/kazoo-$KAZOO_VERSION"
setup_kazoo() {
  local requirements="$ROOT/tests/kazoo/requirements.txt"
  local stamp="$KAZOO_VENV/zkplay-requirements.txt"
  if ! cmp -s "$requirements" "$stamp"; then
    log "python venv for kazoo's tests ($KAZOO_VENV)"
    rm -rf "$KAZOO_VENV"
    python3 -m venv "$KAZOO_VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$KAZOO_VENV"; }
    # --no-deps: the file pins every package, pyjks's twofish (a C extension) left out on purpose.
    "$KAZOO_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    cp "$requirements" "$stamp"
  fi
  if [ ! -f "$KAZOO_SRC/kazoo/tests/__init__.py" ]; then
    log "kazoo $KAZOO_VERSION sdist (its tests included)"
    local dir; dir="$(dirname "$KAZOO_SRC")"
    rm -rf "$dir" && mkdir -p "$dir"
    "$KAZOO_VENV/bin/pip" download --quiet --disable-pip-version-check --no-deps \
      --no-binary :all: "kazoo==$KAZOO_VERSION" -d "$dir"
    echo "$KAZOO_SDIST_SHA256  $dir/kazoo-$KAZOO_VERSION.tar.gz" | sha256sum --check --quiet
    tar -xzf "$dir/kazoo-$KAZOO_VERSION.tar.gz" -C "$dir"
  fi
}
