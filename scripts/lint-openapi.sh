#!/usr/bin/env bash
# Lints an OpenAPI document with Redocly's recommended rules, as redocly.yaml (next to the README)
# configures them. Starts nothing: OpenApiDocumentIntegrationTests (run by ./mvnw verify) writes the
# running server's /v3/api-docs to target/openapi.json, the default. Needs npx (Node 20.19+ or 22.12+);
# the first run fetches the pinned Redocly CLI from the npm registry.
#   scripts/lint-openapi.sh [document.json]
set -euo pipefail

REDOCLY_CLI_VERSION=2.77.0

root=$(cd "$(dirname "$0")/.." && pwd)
document=$(realpath -m "${1:-$root/target/openapi.json}")
if [ ! -f "$document" ]; then
  echo "lint-openapi: no $document; run ./mvnw verify (or OpenApiDocumentIntegrationTests) first" >&2
  exit 2
fi
if ! command -v npx >/dev/null 2>&1; then
  echo "lint-openapi: npx is not on PATH" >&2
  exit 2
fi

export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
cd "$root"
exec npx --yes "@redocly/cli@$REDOCLY_CLI_VERSION" lint --config "$root/redocly.yaml" "$document"
