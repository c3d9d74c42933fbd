#!/usr/bin/env bash
# How long `nianbao check` takes on each broken input of tests/bad (release build, one case at
# a time, including process start and copying a three-file portal).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --quiet --test bad_inputs -- --nocapture --test-threads=1 2>/dev/null \
  | grep -oE '[A-Z][0-9]{3} [0-9.]+(ms|µs|s)' \
  | awk '{v=$2; if (v ~ /µs$/) {sub(/µs/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v*=1000}; print v " ms " $1}' \
  | sort -n | awk '{a[NR]=$1; l[NR]=$0} END {print NR " cases: median " a[int((NR+1)/2)] " ms, slowest: " l[NR]}'
