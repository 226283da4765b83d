#!/usr/bin/env bash
# Prints the home of the newest JDK under /usr/lib/jvm (by its java.specification.version), or nothing.
best=0
newest=""
for dir in /usr/lib/jvm/*/; do
  dir=${dir%/}
  [ -x "$dir/bin/javac" ] || continue
  [ -L "$dir" ] && continue
  version=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  major=${version%%.*}
  if [ -n "$major" ] && [ "$major" -gt "$best" ] 2>/dev/null; then
    best=$major
    newest=$dir
  fi
done
echo "$newest"
