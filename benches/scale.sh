#!/usr/bin/env bash
# Benchmark: nianbao at portal scale. Generates 10,000 and 100,000 reports (2,000 and 20,000
# agencies × 5 years), then times `check` and `build` (output on tmpfs and on disk) and prints
# the median time and the median peak memory of each, 10k and 100k side by side.
# Usage: bash benches/scale.sh [runs]      (default 3 runs per figure)
# Needs ~3 GB of /dev/shm and ~12 GB of disk under $TMPDIR for the 100k build on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet --bin nianbao
bin=$PWD/target/release/nianbao
shm=$(mktemp -d /dev/shm/nianbao-scale.XXXXXX)
disk=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-scale.XXXXXX")
trap 'rm -rf "$shm" "$disk"' EXIT

# The median of `runs` runs of a command: "seconds MB".
measure() {
  local prepare=$1; shift
  local results=()
  for _ in $(seq "$runs"); do
    eval "$prepare"
    results+=("$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1)")
  done
  local t m
  t=$(printf '%s\n' "${results[@]}" | awk '{print $1}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${results[@]}" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END {printf "%d", a[int((NR+1)/2)]/1024}')
  echo "$t s, $m MB"
}

declare -A fig
for n in 10k 100k; do
  agencies=$([ $n = 10k ] && echo 2000 || echo 20000)
  portal=$shm/p$n
  "$bin" corpus "$portal" --agencies "$agencies" --years 5 >/dev/null
  fig[check,$n]=$(measure "true" "$bin" --root "$portal" check)
  fig[tmpfs,$n]=$(measure "rm -rf $shm/o $shm/.o.nianbao" "$bin" --root "$portal" build --output "$shm/o")
  files=$(find "$shm/o" -type f | wc -l)
  bytes=$(du -sb "$shm/o" | cut -f1)
  fig[output,$n]="$files files, $((bytes / 1024 / 1024)) MB"
  rm -rf "$shm/o" "$shm/.o.nianbao"
  fig[disk,$n]=$(measure "rm -rf $disk/o $disk/.o.nianbao; sync" "$bin" --root "$portal" build --output "$disk/o")
  rm -rf "$disk/o" "$disk/.o.nianbao" "$portal"
done

printf '%-22s %-22s %-22s\n' "" "10k reports" "100k reports"
for what in check tmpfs disk output; do
  case $what in
    check) label="check" ;;
    tmpfs) label="build (tmpfs)" ;;
    disk) label="build (disk)" ;;
    output) label="output" ;;
  esac
  printf '%-22s %-22s %-22s\n' "$label" "${fig[$what,10k]}" "${fig[$what,100k]}"
done
