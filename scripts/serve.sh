#!/usr/bin/env bash
# Installs what is missing, then serves zkplay on http://127.0.0.1:8080 with Trunk.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_build
cd "$ROOT"
log "trunk serve on http://127.0.0.1:8080"
exec trunk serve --offline --no-autoreload
