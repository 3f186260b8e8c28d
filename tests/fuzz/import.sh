#!/usr/bin/env bash
# Copies what a campaign kept for new coverage (artifacts/fuzz/<target>/findings/default/queue) into the committed
# corpus as queue-<hash>.bin, skipping inputs the corpus already holds. Crashes are not copied: minimise them and
# commit them as crash-<what>.bin with their fix (docs/fuzzing.md).
#
#   tests/fuzz/import.sh <target>...     (FUZZ_OUT: the folder run.sh wrote to, default artifacts/fuzz)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
for target in "$@"; do
    queue="${FUZZ_OUT:-$root/artifacts/fuzz}/$target/findings/default/queue"
    corpus="$root/tests/fuzz/$target/corpus"
    [[ -d "$queue" ]] || { echo "no queue for $target" >&2; continue; }
    declare -A known=()
    for file in "$corpus"/*; do
        known[$(sha1sum < "$file" | cut -c1-40)]=1
    done
    added=0
    for file in "$queue"/id:*; do
        [[ -f "$file" ]] || continue
        hash=$(sha1sum < "$file" | cut -c1-40)
        [[ -n "${known[$hash]:-}" ]] && continue
        cp "$file" "$corpus/queue-${hash:0:12}.bin"
        known[$hash]=1
        added=$((added + 1))
    done
    unset known
    echo "$target: $added inputs added to the corpus"
done
