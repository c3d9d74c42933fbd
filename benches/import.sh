#!/usr/bin/env bash
# Benchmark: `nianbao import` of 1,000 text reports (the synthetic layouts of
# tests/import/text with random figures) into an empty portal, in one command.
# Usage: bash benches/import.sh [files]   (target: under 10 s on 2 cores; measured 2.4 s median)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-1000}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 benches/import_corpus.py "$dir/in" "$files"
du -sh "$dir/in"
mkdir -p "$dir/portal/content"
printf 'title = "基准"\nbase_url = "https://example.org/"\n' > "$dir/portal/site.toml"
# Each run starts from an empty content/ (the import refuses to overwrite).
hyperfine --warmup 1 --runs 5 --export-json "$dir/result.json" \
  --prepare "rm -rf $dir/portal/content && mkdir $dir/portal/content" \
  "./target/release/nianbao --root $dir/portal import $dir/in --format json"
./target/release/nianbao --root "$dir/portal" check | tail -n 1
python3 -c "import json,sys; r=json.load(open('$dir/result.json'))['results'][0]; print(f\"median {r['median']*1000:.0f} ms, mean {r['mean']*1000:.0f} ms, min {r['min']*1000:.0f} ms, max {r['max']*1000:.0f} ms\")"

# And 1,000 web pages: nianbao's own built report pages of a generated portal (200 agencies ×
# 5 years), each imported back, all in one command.
./target/release/nianbao corpus "$dir/gen" --agencies 200 --years 5 2> /dev/null
./target/release/nianbao --root "$dir/gen" build --output "$dir/gen-site" > /dev/null 2>&1
mkdir -p "$dir/pages"
for page in "$dir"/gen-site/*/20*/index.html; do
  case $page in */years/*) continue ;; esac
  rel=${page#"$dir/gen-site/"}
  cp "$page" "$dir/pages/$(echo "${rel%/index.html}" | tr / -).html"
done
echo "$(ls "$dir/pages" | wc -l) pages, $(du -sh "$dir/pages" | cut -f1)"
hyperfine --warmup 1 --runs 5 --export-json "$dir/pages.json" \
  --prepare "rm -rf $dir/portal/content && mkdir $dir/portal/content" \
  "./target/release/nianbao --root $dir/portal import $dir/pages --format json"
python3 -c "import json,sys; r=json.load(open('$dir/pages.json'))['results'][0]; print(f\"1,000 pages: median {r['median']*1000:.0f} ms, mean {r['mean']*1000:.0f} ms, min {r['min']*1000:.0f} ms, max {r['max']*1000:.0f} ms\")"
