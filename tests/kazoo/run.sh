#!/usr/bin/env bash
# Runs kazoo 2.11.0's own test suite (threading handler), unmodified, against `zkplay serve`:
# kazoo's harness starts "ZooKeeper" with the `java` it finds on PATH, and tests/kazoo/java, put
# first on PATH, turns that call into `$ZKPLAY_BIN serve -D… zoo.cfg`. Prints
# "kazoo: P passed of T server-backed tests (D deselected: …)" and exits non-zero when P < 226.
#
#   tests/kazoo/run.sh [--real-zookeeper] [--full] [pytest arguments…]
#
# --real-zookeeper  the same run against Debian's ZooKeeper 3.8 with the real java (the baseline).
# --full            run every test even once the threshold is out of reach (diagnosis).
# ZKPLAY_BIN        the zkplay binary (default: built here, target/release/zkplay).
# KAZOO_MIN_PASSED  the threshold (226). The last run's JUnit XML: target/kazoo-junit.xml.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/setup.sh"
setup_kazoo

against=zkplay
stop_below="${KAZOO_MIN_PASSED:-226}"
min_passed="$stop_below"
while [ $# -gt 0 ]; do
  case "$1" in
    --real-zookeeper) against=real-zookeeper; shift ;;
    --full) stop_below=0; shift ;;
    *) break ;;
  esac
done

# The harness wants a classpath either way (it asserts ZOOKEEPER_PATH, _CLASSPATH or _VERSION, and
# builds `java -cp`); against zkplay the launcher drops it. log4j writes the server's log where the
# harness's conftest reads it back when a test fails.
jars=(zookeeper zookeeper-jute netty-handler netty-common netty-buffer netty-transport netty-codec
  netty-resolver netty-transport-native-epoll netty-transport-native-unix-common slf4j-api
  slf4j-log4j12 log4j-1.2 metrics-core snappy-java commons-cli)
classpath="$(printf '/usr/share/java/%s.jar:' "${jars[@]}")"
export ZOOKEEPER_CLASSPATH="${classpath%:}"

if [ "$against" = zkplay ]; then
  if [ -z "${ZKPLAY_BIN:-}" ]; then
    log "cargo build -p zkplay-cli --release --bin zkplay"
    (cd "$ROOT" && cargo build --quiet -p zkplay-cli --release --bin zkplay)
    ZKPLAY_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/zkplay"
  fi
  export ZKPLAY_BIN
  export PATH="$HERE:$PATH"
else
  apt_install zookeeper
fi

# kazoo's own CI settings, for one server: CI=true makes the tests take the server's version from
# ZOOKEEPER_VERSION (and runs test_build, which checks it against the server's `envi`).
export CI=true ZOOKEEPER_VERSION=3.8.0 ZOOKEEPER_CLUSTER_SIZE=1
# The harness uses ports offset (client), +1 to +3 (election, leader, admin) and +4 (TLS): take
# the first block of free ones from 24000 up, so two runs on one machine do not collide.
ZOOKEEPER_PORT_OFFSET="$("$KAZOO_VENV/bin/python" - <<'PY'
import socket
for base in range(24000, 30000, 10):
    try:
        for port in range(base, base + 5):
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(base)
    break
PY
)"
export ZOOKEEPER_PORT_OFFSET

summary="$(mktemp)"
trap 'rm -f "$summary"' EXIT
log "kazoo $KAZOO_VERSION's test suite against $against (ports from $ZOOKEEPER_PORT_OFFSET)"
status=0
# gevent and eventlet's files rerun the client tests with those handlers: not this run's.
# pyproject.toml's addopts (-v, log_cli) would print every test and log line; the rest of its
# settings stand, except the 180 s per-test timeout, cut to 60 s (the slowest test takes 10).
# Bytecode goes under target/, not beside zkplay_plugin.py.
(cd "$KAZOO_SRC" && PYTHONPATH="$HERE:$KAZOO_SRC" PYTHONPYCACHEPREFIX="$ROOT/target/kazoo-pycache" \
  "$KAZOO_VENV/bin/python" -m pytest \
  -p zkplay_plugin -p no:cacheprovider -o addopts= -o log_cli=false -q -rfE --color=no \
  --disable-warnings \
  --timeout=60 --junitxml="$ROOT/target/kazoo-junit.xml" \
  --ignore=kazoo/tests/test_gevent_handler.py --ignore=kazoo/tests/test_eventlet_handler.py \
  --zkplay-deselected="$HERE/deselected.txt" --zkplay-stop-below="$stop_below" \
  --zkplay-summary="$summary" "$@" kazoo/tests) || status=$?
# 0: all passed; 1: some failed, 2: stopped once the threshold was out of reach (the threshold
# decides both); anything else, or no summary: the run itself broke.
passed="$(cat "$summary")"
if [ -z "$passed" ] || [ "$status" -gt 2 ]; then
  echo "kazoo: pytest exited $status" >&2
  exit $((status > 0 ? status : 1))
fi
if [ "$passed" -lt "$min_passed" ]; then
  echo "kazoo: $passed passed, fewer than the $min_passed required" >&2
  exit 1
fi
if [ "$status" -eq 2 ]; then
  echo "kazoo: interrupted" >&2
  exit 2
fi
