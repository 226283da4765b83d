#!/usr/bin/env bash
# Builds the jar and compares it with the Node prototype through ../shared/baseline/compare.sh (as root,
# about 12 minutes, alone on the machine). Arguments pass through (--rest-only, --ws-only).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
# The JVM options the project ships (README, Dockerfile), unless JAVA_OPTS says otherwise.
export JAVA_OPTS="${JAVA_OPTS-@$PWD/jvm.options}"
exec ../shared/baseline/compare.sh target/hisaab-0.1.0-SNAPSHOT.jar "$@"
