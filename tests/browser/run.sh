#!/usr/bin/env bash
# The generated portals in a real browser: builds the bundled portal and a generated one of 200
# agencies × 5 years with the release binary, then runs every tests/browser/*.test.mjs with
# node's test runner against them (system Chromium driven by playwright-core, axe-core injected).
# Screenshots go to tests/browser/screenshots/ (or $NIANBAO_SCREENSHOTS).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
start=$(date +%s)

# What it needs, installed if missing (Debian): Chromium, CJK fonts, the npm packages.
need=()
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # the system Chromium only; never a download
(cd "$here" && npm ci --silent --no-audit --no-fund)

(cd "$root" && cargo build --release --quiet)
bin="$root/target/release/nianbao"
out="$here/out"
rm -rf "$out" "$here/screenshots"
mkdir -p "$out"
log="$out/build.log"
# Quiet unless it fails (the example base_url is warned about on every build).
quiet() { "$@" >>"$log" 2>&1 || { cat "$log"; exit 1; }; }
quiet "$bin" --root "$root" build --output "$out/bundled" --base-url https://example.gov.cn/nianbao/
echo /nianbao/ > "$out/bundled.base"
quiet "$bin" corpus "$out/src-corpus" --agencies 200 --years 5
quiet "$bin" --root "$out/src-corpus" build --output "$out/corpus" --base-url https://example.gov.cn/
echo / > "$out/corpus.base"
echo "built in $(( $(date +%s) - start )) s; testing in $(chromium --version 2>/dev/null | head -1)"

export NIANBAO_SITES="$out"
status=0
node --test --test-reporter=spec "$here"/*.test.mjs || status=$?
echo "browser suite: $(( $(date +%s) - start )) s; screenshots in $here/screenshots/"
exit $status
