#!/usr/bin/env bash
# Refreshes the vendored front-end files under src/Pastoral/wwwroot/lib from the npm registry.
# The minified files are committed (as the ASP.NET templates do), so running the app never needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=src/Pastoral/wwwroot/lib
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent bootstrap@5.3.9 htmx.org@2.0.11 chart.js@4.6.1 >/dev/null)
mkdir -p "$lib/bootstrap" "$lib/htmx" "$lib/chart.js"
cp "$tmp/node_modules/bootstrap/dist/css/bootstrap.min.css" "$lib/bootstrap/"
cp "$tmp/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js" "$lib/bootstrap/"
cp "$tmp/node_modules/bootstrap/LICENSE" "$lib/bootstrap/LICENSE"
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$lib/htmx/"
cp "$tmp/node_modules/htmx.org/LICENSE" "$lib/htmx/LICENSE"
cp "$tmp/node_modules/chart.js/dist/chart.umd.min.js" "$lib/chart.js/" 2>/dev/null || cp "$tmp/node_modules/chart.js/dist/chart.umd.js" "$lib/chart.js/chart.umd.min.js"
cp "$tmp/node_modules/chart.js/LICENSE.md" "$lib/chart.js/LICENSE.md"
echo "Vendored into $lib:"; find "$lib" -type f | sort
