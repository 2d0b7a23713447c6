#!/usr/bin/env bash
# Runs every check of the repo: build, size budget, lint/format, types, then all tests in one
# vitest run (SDK in happy-dom and Chromium, collector in workerd, end-to-end in Chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "› installing Chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium package (/usr/bin/chromium) and run again." >&2
    exit 1
  fi
fi

export WRANGLER_SEND_METRICS=false
echo "› build"
pnpm run build
echo "› size budget of the script tag"
pnpm --filter @leadbeacon/sdk run size
echo "› the SDK package as published (publint, arethetypeswrong)"
pnpm --filter @leadbeacon/sdk run check:package
echo "› lint and format (biome)"
pnpm run lint
echo "› types"
pnpm run typecheck
pnpm --filter @leadbeacon/collector run types:check
echo "› tests"
pnpm exec vitest run
