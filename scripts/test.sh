#!/usr/bin/env bash
# Runs every sdcoach test on a fresh machine that has only the Rust toolchain: installs what the
# tests need (headless Chromium and its WebDriver, Graphviz, Python for the kata starters, from
# Debian's packages), then runs unit, content, CLI, web and browser tests, the tidy checks, the
# benches once each as tests, and clippy.
set -euo pipefail
cd "$(dirname "$0")/.."

need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
command -v dot >/dev/null 2>&1 || need_packages+=(graphviz)
command -v python3 >/dev/null 2>&1 || need_packages+=(python3-minimal)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "installing ${need_packages[*]} for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: ${need_packages[*]} missing and no root to install them; run as root or install them" >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi
# The browser and Graphviz tests fail, rather than skip, when their tools are missing.
export SDCOACH_REQUIRE_BROWSER=1
export SDCOACH_REQUIRE_TOOLS=1

if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all -- --check
fi
cargo test --workspace --all-targets --locked
# Lints last, so a test failure is reported first; warnings fail the run.
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets --locked -q -- -D warnings
fi
