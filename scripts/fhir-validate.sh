#!/usr/bin/env bash
# Validate FHIR R4 resources offline with HAPI FHIR's validator (no Docker, no network after
# the first run): base R4 (hapi-fhir-validation-resources-r4) plus this repository's own
# StructureDefinitions and CodeSystems, if any, from --definitions <folder>.
#
# Usage: scripts/fhir-validate.sh [--definitions <folder>] <file.json|file.ndjson>...
#   Prints one line per error or warning (severity, file:line, location, message), then
#   "checked N resources, E errors"; exits 1 when there is an error.
#
# The classpath (HAPI FHIR 8.8.0 from Maven Central, see scripts/fhir-validator/pom.xml) is
# resolved by mvn once and cached in .cache/fhir-validator.classpath; Java 17 runs
# scripts/fhir-validator/Validate.java as a single-file program (compiled in memory: ~6 s a run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cache="$root/.cache/fhir-validator.classpath"
if [[ ! -s "$cache" || "$here/fhir-validator/pom.xml" -nt "$cache" ]]; then
  mkdir -p "$(dirname "$cache")"
  echo "fhir-validate.sh: resolving HAPI FHIR's validator from Maven Central (first run only)" >&2
  mvn -q -f "$here/fhir-validator/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cache" >&2
fi
exec java -cp "$(cat "$cache")" "$here/fhir-validator/Validate.java" "$@" 2> >(grep -v '^SLF4J' >&2)
