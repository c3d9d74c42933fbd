#!/usr/bin/env bash
# How long `nianbao check` takes on each broken input of tests/bad (release build, one case at
# a time, including process start and copying a three-file portal).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --quiet --test bad_inputs -- --nocapture --test-threads=1 2>/dev/null \
  | grep -oE '[A-Z][0-9]{3} [0-9.]+(ms|µs|s)' \
  | awk '{v=$2; if (v ~ /µs$/) {sub(/µs/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v*=1000}; print v " ms " $1}' \
  | sort -n | awk '{a[NR]=$1; l[NR]=$0} END {print NR " cases: median " a[int((NR+1)/2)] " ms, slowest: " l[NR]}'

# The inputs whose cost once grew with the square of their findings (issue #8): each must
# stay under a second. One front matter line with 9,000 unknown keys (2.7 MB), checked in text
# and JSON and built; a body line with 8,000 statistics periods of the wrong year.
cargo build --release --quiet
bin=$PWD/target/release/nianbao
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for p in keys period; do cp -r tests/fixtures/valid "$dir/$p"; done
mkdir -p "$dir/keys/content/a"
printf -- '---\nname: A\n---\n' > "$dir/keys/content/a/_index.md"
python3 -c "k=', '.join(f'k{i:05d}'+'x'*294+': 0' for i in range(9000)); print('---\n{year: 2022, '+k+'}\n---')" > "$dir/keys/content/a/2022.md"
python3 - "$dir/period/content/shuiwu/2020.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("## 一、总体情况\n", "## 一、总体情况\n\n" + "2021年1月1日至2021年12月31日。" * 8000 + "\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() {
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" "$@" > /dev/null 2>> "$dir/t" || true
    tail -n 1 "$dir/t"
  done | median
}
echo "9,000 unknown keys, check (text): $(timeit "$bin" --root "$dir/keys" check) s"
echo "9,000 unknown keys, check (json): $(timeit "$bin" --root "$dir/keys" check --format json) s"
echo "9,000 unknown keys, build:        $(timeit "$bin" --root "$dir/keys" build --output "$dir/out") s"
echo "8,000 periods on one line, check: $(timeit "$bin" --root "$dir/period" check) s"
