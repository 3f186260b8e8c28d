#!/usr/bin/env bash
# Runs one fuzz target under AFL++ for a given time (see docs/fuzzing.md).
#
#   tests/fuzz/run.sh <target> <seconds> [max-executions]
#   tests/fuzz/run.sh --list
#
# Builds tests/TypedSockets.Fuzzing into artifacts/fuzz/<target>/app (a copy per target, so a rebuild never
# changes a campaign that is running), instruments the TypedSockets and TypedSockets.Redis assemblies there with
# SharpFuzz, and starts afl-fuzz on the committed corpus tests/fuzz/<target>/corpus with the dictionary
# tests/fuzz/<target>.dict. Findings go to artifacts/fuzz/<target>/findings (crashes/, hangs/, queue/,
# fuzzer_stats). Needs: afl++ (Debian package), the sharpfuzz dotnet tool (SharpFuzz.CommandLine 2.3.0).
# Environment: NICE (default 10) lowers the priority; AFL_FLAGS adds afl-fuzz options; FUZZ_OUT (default
# artifacts/fuzz) is where the app copies and findings go.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
project="$root/tests/TypedSockets.Fuzzing"
if [[ "${1:-}" == "--list" ]]; then
    dotnet run --project "$project" -c Release -- --list
    exit 0
fi

target="${1:?usage: run.sh <target> <seconds> [max-executions]}"
seconds="${2:?usage: run.sh <target> <seconds> [max-executions]}"
execs="${3:-}"
work="${FUZZ_OUT:-$root/artifacts/fuzz}/$target"
app="$work/app"
corpus="$root/tests/fuzz/$target/corpus"
dict="$root/tests/fuzz/$target.dict"
[[ -d "$corpus" ]] || { echo "no corpus for target '$target' at $corpus" >&2; exit 2; }

export PATH="$PATH:$HOME/.dotnet/tools"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
command -v sharpfuzz >/dev/null || { echo "sharpfuzz not found: dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0" >&2; exit 2; }

rm -rf "$app"
nice -n "${NICE:-10}" dotnet build "$project" -c Release -o "$app" -nologo -v quiet
for assembly in TypedSockets.dll TypedSockets.Redis.dll; do
    sharpfuzz "$app/$assembly"
done

# The .NET host is not an AFL-compiled binary (SharpFuzz speaks the fork-server protocol from managed code), the
# machine is shared (no CPU pinning, no frequency checks), and there is no terminal for the status screen.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# The current input is written once per execution: keep that file in memory rather than on disk (one folder per
# target, since afl-fuzz names the file the same for every campaign).
if [[ -z "${AFL_TMPDIR:-}" && -d /dev/shm ]]; then
    export AFL_TMPDIR="/dev/shm/typedsockets-fuzz-$target"
    mkdir -p "$AFL_TMPDIR"
fi
export DOTNET_TieredCompilation=0 DOTNET_gcServer=0

options=(-i "$corpus" -o "$work/findings" -t 5000 -m none -V "$seconds")
[[ -f "$dict" ]] && options+=(-x "$dict")
[[ -n "$execs" ]] && options+=(-E "$execs")
# A second run resumes from the findings of the first.
[[ -f "$work/findings/default/fuzzer_stats" ]] && options[1]="-"
# shellcheck disable=SC2086
exec nice -n "${NICE:-10}" afl-fuzz "${options[@]}" ${AFL_FLAGS:-} -- dotnet "$app/TypedSockets.Fuzzing.dll" "$target"
