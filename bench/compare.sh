#!/usr/bin/env bash
# Builds the jar and compares it with the Node prototype through ../shared/baseline/compare.sh (as root,
# about 12 minutes, alone on the machine). Arguments pass through (--rest-only, --ws-only).
# The server runs as the project ships it: jvm.options, and on JDK 25+ the extracted jar with its AOT
# cache (scripts/aot-cache.sh). JAVA_OPTS, when set, replaces the options; JAR=fat runs the plain jar.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-$(scripts/newest-jdk.sh)}
./mvnw -q -B -DskipTests package
jar=target/hisaab-0.1.0-SNAPSHOT.jar
options="@$PWD/jvm.options"
if [ "${JAR:-}" != fat ]; then
  scripts/aot-cache.sh "$jar" target/app
  jar=target/app/hisaab-0.1.0-SNAPSHOT.jar
  [ -f target/app/hisaab.aot ] && options="$options -XX:AOTCache=$PWD/target/app/hisaab.aot"
fi
export JAVA_OPTS="${JAVA_OPTS-$options}"
exec ../shared/baseline/compare.sh "$jar" "$@"
