#!/usr/bin/env bash
# How long `nianbao check` takes on each broken input of tests/bad (release build, one at a
# time, including process start and a portal copy of three files).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --quiet --test bad_inputs -- --nocapture --test-threads=1 2>/dev/null \
  | grep -E '^[A-Z][0-9]{3} ' | sort -k2 -h | awk '{print} END {print NR " cases; slowest above"}' | tail -n 6
