#!/usr/bin/env bash
# Brings up the product locally: collector (wrangler dev on workerd, local Durable Objects and D1
# persisted in packages/collector/.wrangler), the example site and the example SPA.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec pnpm run dev
