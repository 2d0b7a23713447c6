#!/usr/bin/env bash
# Shared setup for `npm start` / `npm test` on a fresh machine: pnpm, then the workspace install.
# Any Node.js >= 20 with npm can run it (the root package.json's `engines`). The workspace pins
# Node 24 as a devDependency, so every pnpm script runs on it whatever the system Node is
# (wrangler and vitest need Node >= 22.12).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm"
  npm install --global --silent pnpm@12 >/dev/null 2>&1 || npm install --global pnpm@12
fi

if [ "${CI:-}" = "true" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --reporter=silent
fi
