#!/usr/bin/env bash
# Runs every benchmark side by side on the embedded stack and regenerates docs/BENCHMARKS.md and its charts.
# Takes about twelve minutes on 2 cores. Needs a JDK 17+ and wrk (installed here from Debian's packages if missing).
# With section numbers as arguments (benchmarks/run.sh 7 8, or drill) runs only those and prints them; docs/ is left
# alone (their charts and data files go to benchmarks/target/report/).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing wrk (HTTP load generator) from Debian's packages"
    $sudo apt-get install -y -qq wrk >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null; } \
        || echo "WARNING: wrk could not be installed; the HTTP comparison will say so in the report" >&2
fi

./mvnw -B -q -DskipTests install
./mvnw -B -q -pl benchmarks exec:java -Dexec.mainClass=dev.userfunctions.benchmarks.BenchmarkReport -Dexec.args="$(pwd) $*"
[ $# -gt 0 ] || echo "Wrote docs/BENCHMARKS.md"
