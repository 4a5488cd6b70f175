#!/usr/bin/env bash
# The validators over built sites: the Nu HTML Checker (every HTML, SVG and
# CSS file: 0 errors) and axe-core in Chromium (axe.mjs: no critical or
# serious violation). Exits non-zero when either finds anything.
#
#   tests/validators/run.sh             build the sample portal and the fixture
#                                       site (tests/validators/fixture-site), check both
#   tests/validators/run.sh DIR...      check already built output folders
#
# Needs java, node/npm and chromium (.ci/run installs them); installs the npm
# packages of package-lock.json on first use. CHROMIUM overrides /usr/bin/chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

for tool in java node npm; do
  command -v "$tool" >/dev/null || { echo "validators: \`$tool\` is missing" >&2; exit 2; }
done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "validators: no chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 2; }
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules" ]; then
  # --ignore-scripts: vnu-jar's install script would download a Java runtime.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
vnu="$here/node_modules/vnu-jar/build/dist/vnu.jar"

sites=()
if [ "$#" -eq 0 ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
  (cd "$repo" && cargo build --quiet)
  "$repo/target/debug/shudu" build --root "$repo" --output "$out/sample" >/dev/null
  "$repo/target/debug/shudu" build --root "$here/fixture-site" --output "$out/fixture" >/dev/null
  sites=("$out/sample" "$out/fixture")
else
  sites=("$@")
fi

status=0
for site in "${sites[@]}"; do
  name="$(basename "$site")"
  for kind in html svg css; do
    mapfile -d '' files < <(find "$site" -type f -name "*.$kind" -print0 | sort -z)
    [ "${#files[@]}" -gt 0 ] || continue
    flag=()
    [ "$kind" = html ] || flag=("--$kind")
    report="$(java -jar "$vnu" --errors-only --format gnu "${flag[@]}" "${files[@]}" 2>&1)" || true
    errors="$(grep -c ': error' <<<"$report" || true)"
    echo "vnu: $name: ${#files[@]} $kind files, $errors errors"
    if [ "$errors" -gt 0 ] || { [ -n "$report" ] && ! grep -q ': error' <<<"$report"; }; then
      sed "s|file:$site/||" <<<"$report"
      status=1
    fi
  done
  node "$here/axe.mjs" "$site" "$name" || status=1
done
exit "$status"
