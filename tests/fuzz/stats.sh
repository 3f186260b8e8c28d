#!/usr/bin/env bash
# Prints the results of the last campaign of each target as markdown table rows (for docs/fuzzing.md), from
# artifacts/fuzz/<target>/findings/default/fuzzer_stats as afl-fuzz left it (FUZZ_OUT for another folder).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
echo "| target | executions | time (s) | execs/s (mean) | edges found | map coverage | stability | corpus | crashes | hangs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for stats in "${FUZZ_OUT:-$root/artifacts/fuzz}"/*/findings/default/fuzzer_stats; do
    [[ -f "$stats" ]] || continue
    target="$(basename "$(dirname "$(dirname "$(dirname "$stats")")")")"
    get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    echo "| $target | $(get execs_done) | $(get run_time) | $(( $(get execs_done) / ($(get run_time) > 0 ? $(get run_time) : 1) )) | $(get edges_found) | $(get bitmap_cvg) | $(get stability) | $(get corpus_count) | $(get saved_crashes) | $(get saved_hangs) |"
done
