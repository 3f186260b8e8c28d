#!/usr/bin/env bash
# End-to-end benchmarks (issue 6, DESIGN §7). Builds everything in Release, runs every scenario against
# every server, alternating the servers' order over rounds, with the server pinned to CPU 0 and the load
# generator to CPU 1, then writes medians and ratios into bench/README.md (only the section between the
# e2e-bench markers is replaced).
#
#   bash bench/run.sh                  full run (3 rounds, under 10 minutes)
#   bash bench/run.sh --smoke          every scenario for about a second with tiny sizes; the table goes
#                                      to artifacts/bench/<time>/README.md, not bench/README.md
#   options: --rounds N  --servers typedsockets,signalr,socketio,kestrel  --readme PATH
#            --perf   also sample each server with `perf record -e cpu-clock -g` (JIT frames resolved through
#                     the runtime's perf map); read with `perf report -i artifacts/bench/<time>/<server>-round<N>.perf.data`
#            -- <load generator options>   (e.g. -- --scenarios warmup,echo --seconds 10)
# Logs and the raw JSON lines of every run: artifacts/bench/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
perf=0
rounds=""
servers=""
readme=""
generator_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --perf) perf=1 ;;
    --rounds) rounds="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --readme) readme="$2"; shift ;;
    --) shift; generator_options=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

out="artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.jsonl"
if [ "$smoke" = 1 ]; then
  rounds="${rounds:-1}"
  readme="${readme:-$out/README.md}"
  generator_options=(--smoke "${generator_options[@]}")
  [ -f bench/README.md ] && cp bench/README.md "$readme"
else
  rounds="${rounds:-3}"
  readme="${readme:-bench/README.md}"
fi

# 10,000 idle connections need as many descriptors on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

server_project=""
for project in bench/Server/*.csproj; do
  [ -f "$project" ] && server_project="$project"
done

echo "== build (Release)"
dotnet build bench/EndToEnd.slnf -c Release -nologo -v quiet
if [ ! -d bench/Peers/NodeSocketIO/node_modules ]; then
  npm ci --prefix bench/Peers/NodeSocketIO --no-audit --no-fund
fi

if [ -z "$servers" ]; then
  servers="signalr,socketio,kestrel"
  [ -n "$server_project" ] && servers="typedsockets,$servers"
fi
IFS=',' read -r -a server_list <<< "$servers"

server_pin=()
generator_pin=()
if command -v taskset > /dev/null && [ "$(nproc)" -ge 2 ]; then
  server_pin=(taskset -c 0)
  generator_pin=(taskset -c 1)
else
  echo "warning: fewer than 2 CPUs or no taskset: server and load generator are not pinned" >&2
fi

generator=(dotnet bench/LoadGen/bin/Release/net10.0/LoadGen.dll)

server_command() {
  case "$1" in
    typedsockets)
      local name
      name="$(basename "$server_project" .csproj)"
      echo "dotnet bench/Server/bin/Release/net10.0/$name.dll" ;;
    signalr) echo "dotnet bench/Peers/SignalR/bin/Release/net10.0/SignalRPeer.dll" ;;
    socketio) echo "node bench/Peers/NodeSocketIO/server.js" ;;
    kestrel) echo "dotnet bench/Peers/KestrelEcho/bin/Release/net10.0/KestrelEchoPeer.dll" ;;
    *) echo "unknown server $1" >&2; return 1 ;;
  esac
}

protocol_of() {
  case "$1" in
    typedsockets|socketio) echo socketio ;;
    signalr) echo signalr ;;
    kestrel) echo raw ;;
  esac
}

server_environment=()
if [ "$perf" = 1 ]; then
  command -v perf > /dev/null || { echo "--perf needs perf (Debian package linux-perf)" >&2; exit 2; }
  # The perf map names JIT-compiled methods; W^X double mapping would hide them from perf.
  server_environment=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
fi

server_pid=""
perf_pid=""
stop_server() {
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    perf_pid=""
  fi
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT INT TERM

failed=0
count=${#server_list[@]}
for ((round = 1; round <= rounds; round++)); do
  for ((i = 0; i < count; i++)); do
    # Rotate the order every round so no server always runs first (or right after another).
    server="${server_list[$(((i + round - 1) % count))]}"
    port="$("${generator[@]}" free-port)"
    log="$out/$server-round$round.log"
    echo "== round $round/$rounds: $server on 127.0.0.1:$port"
    read -r -a command <<< "$(server_command "$server")"
    env "${server_environment[@]}" "${server_pin[@]}" "${command[@]}" --urls "http://127.0.0.1:$port" > "$log" 2>&1 &
    server_pid=$!
    if [ "$perf" = 1 ]; then
      perf record -q -e cpu-clock -F 999 -g -p "$server_pid" -o "$out/$server-round$round.perf.data" 2>> "$log" &
      perf_pid=$!
    fi
    if ! DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 "${generator_pin[@]}" "${generator[@]}" run \
        --server "$server" --protocol "$(protocol_of "$server")" --url "http://127.0.0.1:$port" \
        --round "$round" --out "$results" "${generator_options[@]}" 2>&1 | tee -a "$log"; then
      failed=1
    fi
    stop_server
  done
done

title="End-to-end benchmarks"
[ "$smoke" = 1 ] && title="End-to-end benchmarks (smoke run: tiny sizes, about 1 s per scenario; the numbers mean nothing)"
note="Reproduce with \`bash bench/run.sh\`. Node $(node --version), SDK $(dotnet --version). Raw JSON and logs of this run were in \`$out/\`."
"${generator[@]}" report --in "$results" --readme "$readme" --servers "$servers" --title "$title" --note "$note" > /dev/null || failed=1
echo "== table written to $readme (run took ${SECONDS}s)"
if [ "$failed" != 0 ]; then
  echo "== some correctness check failed (see the logs in $out)" >&2
  exit 1
fi
