#!/usr/bin/env bash
# One-time (idempotent) set-up: Python venv with pinned packages, browser assets for
# offline maps, and, where apt-get is available as root, the system packages:
# a Devanagari font (PDF exports) and, with --test, Chromium for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# 1. System packages (Debian/Ubuntu as root; elsewhere install them yourself).
debs=(fonts-noto-core)
[ "$want_test" = 1 ] && debs+=(chromium poppler-utils)
missing=()
for deb in "${debs[@]}"; do dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "… installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
  fi
fi

# 2. Python packages, pinned.
[ -x .venv/bin/python ] || python3 -m venv .venv
reqs=requirements.txt
[ "$want_test" = 1 ] && reqs=requirements-dev.txt
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)-$want_test"
if [ ! -e "$stamp" ]; then
  echo "… installing Python packages from $reqs"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
  touch "$stamp"
fi

# 3. Leaflet, the Devanagari web font and GeographicLib (geodesic distances on the public
#    page) from the npm registry, served locally; axe-core (accessibility checks) stays in
#    node_modules for the browser tests.
if [ ! -e static/vendor/leaflet/leaflet.js ] || [ package.json -nt static/vendor/leaflet/leaflet.js ]; then
  echo "… installing browser assets"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  rm -rf static/vendor && mkdir -p static/vendor/leaflet static/vendor/fonts static/vendor/geographiclib
  cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
        node_modules/leaflet/dist/images static/vendor/leaflet/
  cp node_modules/geographiclib-geodesic/geographiclib-geodesic.min.js static/vendor/geographiclib/
  font=node_modules/@fontsource/noto-sans-devanagari
  cp "$font"/files/noto-sans-devanagari-*-{400,700}-normal.woff2 static/vendor/fonts/
  cat "$font/400.css" "$font/700.css" | sed -e 's#url(./files/#url(./#g' -e 's#, url([^)]*\.woff) format(.woff.)##g' \
    > static/vendor/fonts/fonts.css
fi
