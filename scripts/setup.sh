#!/usr/bin/env bash
# One-time (idempotent) set-up: Python venv with pinned packages, browser assets for
# offline maps, and, where apt-get is available as root, the system packages:
# a Devanagari font (PDF exports) and, with --test, Chromium for the browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# 1. System packages (Debian/Ubuntu as root; elsewhere install them yourself). A package
#    manager busy with another install (an unattended upgrade) is waited for, with a message
#    and a time limit (scripts/package_lock.sh: PANCHAYAT_APT_WAIT seconds, default 600).
source scripts/package_lock.sh
debs=(fonts-noto-core)
[ "$want_test" = 1 ] && debs+=(chromium poppler-utils)
echo "setup 1/3: system packages (${debs[*]})"
missing=()
for deb in "${debs[@]}"; do dpkg -s "$deb" >/dev/null 2>&1 || missing+=("$deb"); done
if [ "${#missing[@]}" = 0 ]; then
  echo "… already installed"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  wait_for_package_manager
  apt_wait=$(package_wait_seconds)
  echo "… installing ${missing[*]} with apt-get"
  if ! { apt-get -o DPkg::Lock::Timeout="$apt_wait" update -qq \
         && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$apt_wait" \
              install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "error: apt-get could not install ${missing[*]} (its message is above); fix that, then run scripts/setup.sh again." >&2
    exit 1
  fi
else
  echo "note: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
fi

# 2. Python packages, pinned.
reqs=requirements.txt
[ "$want_test" = 1 ] && reqs=requirements-dev.txt
echo "setup 2/3: Python packages in .venv ($reqs)"
[ -x .venv/bin/python ] || { echo "… creating .venv"; python3 -m venv .venv; }
stamp=".venv/.installed-$(cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)-$want_test"
if [ ! -e "$stamp" ]; then
  echo "… installing Python packages from $reqs"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
  touch "$stamp"
else
  echo "… already installed"
fi

# 3. Leaflet, the Devanagari web font and GeographicLib (geodesic distances on the public
#    page) from the npm registry, served locally; axe-core (accessibility checks) stays in
#    node_modules for the browser tests.
echo "setup 3/3: browser assets in static/vendor (offline maps, Devanagari font)"
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
else
  echo "… already installed"
fi
echo "setup done"
