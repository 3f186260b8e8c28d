#!/usr/bin/env bash
# End-to-end benchmarks (the benchmark contract: docs/samples.md). Builds everything in Release, runs every scenario against
# every server, alternating the servers' order over rounds, with the server pinned to CPU 0 and the load
# generator to CPU 1, then writes medians and ratios into bench/README.md (only the section between the
# e2e-bench markers is replaced).
#
#   bash bench/run.sh                  full run (3 rounds, about 14 minutes): typedsockets and typedhub with the opt-in fast
#                                      path, typedsockets-kestrel and typedhub-kestrel on the default path (Kestrel's HTTP
#                                      upgrade, --fastpath off), signalr, socketio and the raw kestrel echo
#   bash bench/run.sh --smoke          every scenario for about a second with tiny sizes; the table goes
#                                      to artifacts/bench/<time>/README.md, not bench/README.md
#   bash bench/run.sh --redis          the scale-out benchmark: broadcast fan-out across a cluster of two
#                                      nodes of each server sharing one redis-server (started here on a free port of
#                                      127.0.0.1, no persistence): TypedSockets' Redis backplane, SignalR's Redis
#                                      backplane, socket.io's redis-adapter. Receivers are spread evenly over both
#                                      nodes, the publisher is on the first. Both nodes are pinned to CPU 0, Redis and
#                                      the load generator to CPU 1. Writes the section between the redis-bench markers
#                                      of bench/README.md (3 rounds, about 5 minutes); with --smoke a few seconds.
#   bash bench/run.sh --scale          scale on one machine: idle memory, broadcast to all connections and connect rate
#                                      as the server fills, at 10,000, 50,000 and 100,000 connections (change with
#                                      -- --scale-sizes 10000,20000). Sizes over the open-file limit (one descriptor per
#                                      connection on each side; `ulimit -n`, raised here to the hard limit) are reported as
#                                      not run and the largest size that fits is added. The kernel and limit settings for
#                                      100,000 are in bench/README.md. Servers typedsockets, typedsockets-kestrel (fast
#                                      path off), typedhub, typedhub-kestrel, signalr, socketio; 2 rounds; writes the
#                                      section between the scale-bench markers of bench/README.md. With --smoke: 20 and 40
#                                      connections over two source addresses, no warmup, a few seconds per server.
#   bash bench/run.sh --browser-path   the paths browsers take by default, written between the browser-bench markers of
#                                      bench/README.md: connect-browser (socket.io-client's polling handshake, CONNECT
#                                      over polling and upgrade to WebSocket; SignalR's negotiate then WebSocket) and
#                                      echo-polling (rpc-echo over long-polling only, never upgraded). Default servers:
#                                      typedsockets,typedhub,typedsockets-kestrel,typedhub-kestrel,socketio,signalr
#                                      (*-kestrel: bench/Server --fastpath off, every handshake through Kestrel's HTTP
#                                      path). 3 rounds, about 6 minutes; with --smoke a few seconds per server.
#   bash bench/run.sh --baseline REV   before/after: also builds bench/Server as it was at git revision REV (in a
#                                      detached worktree under artifacts/) and runs it as typedsockets-before and
#                                      typedhub-before beside today's typedsockets and typedhub, in the same rounds.
#                                      Default servers: typedsockets,typedsockets-before,typedhub,typedhub-before;
#                                      typedsockets-kestrel-before and typedhub-kestrel-before are the default path's.
#   bash bench/run.sh --client         the typed C# client against SignalR's .NET client (bench/ClientLoad, the real client
#                                      libraries): typed client -> typedhub, SignalR client -> signalr, typed client -> Node
#                                      socket.io, N connections x K calls in flight; server on CPU 0, client on CPU 1. Writes
#                                      the section between the client-bench markers of bench/README.md (3 rounds, about
#                                      1 minute); with --smoke a few seconds, table under artifacts/bench/<time>/.
#   options: --rounds N  --servers typedsockets,typedhub,typedsockets-kestrel,typedhub-kestrel,signalr,socketio,kestrel  --readme PATH
#            (with --redis also typedsockets-socketioredis: TypedSockets on the @socket.io/redis-adapter protocol;
#            typedsockets-recovery and typedhub-recovery: connection state recovery on;
#            typedsockets-kestrel and typedhub-kestrel: the fast path off, Socket.IO on Kestrel's HTTP pipeline;
#            typedsockets-pipeline and typedhub-pipeline: the fast path's pipeline mode, every handshake through the
#            HTTP pipeline and the connection taken back from the HTTP server after it)
#            --perf   also sample each server with `perf record -e cpu-clock -g` (JIT frames resolved through
#                     the runtime's perf map); read with `perf report -i artifacts/bench/<time>/<server>-round<N>.perf.data`
#            --inline-io   run every .NET server with its I/O completions and Kestrel's pipe continuations inline on
#                     the socket engine's thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, which the servers
#                     read to set SocketTransportOptions.UnsafePreferInlineScheduling); see bench/README.md
#            -- <load generator options>   (e.g. -- --scenarios warmup,echo --seconds 10)
# Logs and the raw JSON lines of every run: artifacts/bench/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
perf=0
inline_io=0
redis=0
scale=0
browser_path=0
client=0
baseline=""
rounds=""
servers=""
readme=""
generator_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --perf) perf=1 ;;
    --inline-io) inline_io=1 ;;
    --redis) redis=1 ;;
    --scale) scale=1 ;;
    --browser-path) browser_path=1 ;;
    --client) client=1 ;;
    --baseline) baseline="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --servers) servers="$2"; shift ;;
    --readme) readme="$2"; shift ;;
    --) shift; generator_options=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Other work on the machine distorts every figure; the table says how busy it was.
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
out="artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
results="$out/results.jsonl"
if [ "$redis" = 1 ]; then
  # Only the broadcast runs across nodes; later options (after --) override these.
  generator_options=(--scenarios warmup,broadcast "${generator_options[@]}")
  command -v redis-server > /dev/null || { echo "--redis needs redis-server (Debian package redis-server)" >&2; exit 2; }
fi
if [ "$scale" = 1 ]; then
  [ "$redis" = 1 ] && { echo "--scale and --redis are separate benchmarks: run one at a time" >&2; exit 2; }
  [ "$smoke" = 0 ] && rounds="${rounds:-2}"
  if [ "$smoke" = 1 ]; then
    # No warmup, and two source addresses so the binding path is exercised too (a full run picks what the port range needs).
    generator_options=(--scenarios scale --source-addresses 2 "${generator_options[@]}")
  else
    generator_options=(--scenarios warmup,scale "${generator_options[@]}")
  fi
fi
if [ "$browser_path" = 1 ]; then
  # The browser paths only; the warmup (WebSocket echo) warms the rest. Later options (after --) override these.
  generator_options=(--scenarios warmup,echo-polling,connect-browser "${generator_options[@]}")
fi
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
if [ "$scale" = 1 ]; then
  # The servers inherit this limit; the load generator reads theirs from /proc and uses this one when it cannot.
  generator_options=(--server-open-files "$(ulimit -n)" "${generator_options[@]}")
  echo "== open-file limit $(ulimit -n) per process (hard $(ulimit -Hn)); fs.nr_open $(cat /proc/sys/fs/nr_open 2>/dev/null || echo '?')," \
    "ports $(tr '\t' - < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo '?'), somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo '?')"
fi

echo "== build (Release)"
dotnet build bench/EndToEnd.slnf -c Release -nologo -v quiet
baseline_dir=""
if [ -n "$baseline" ]; then
  # The earlier revision's server is built from its own sources, so the two differ only in the change under test.
  baseline_dir="$out/baseline"
  git worktree add --detach "$baseline_dir" "$baseline" > /dev/null
  echo "== build bench/Server at $(git rev-parse --short "$baseline") (Release)"
  dotnet build "$baseline_dir/bench/Server" -c Release -nologo -v quiet
fi
if [ ! -d bench/Peers/NodeSocketIO/node_modules ]; then
  npm ci --prefix bench/Peers/NodeSocketIO --no-audit --no-fund
fi

# typedsockets is the low-level API, typedhub the same server as a typed hub (--api typed).
if [ -z "$servers" ] && [ -n "$baseline" ]; then
  servers="typedsockets,typedsockets-before,typedhub,typedhub-before"
fi
if [ -z "$servers" ]; then
  servers="typedsockets,typedhub,typedsockets-kestrel,typedhub-kestrel,signalr,socketio,kestrel"
  [ "$redis" = 1 ] && servers="typedsockets,typedsockets-socketioredis,signalr,socketio"
  [ "$scale" = 1 ] && servers="typedsockets,typedsockets-kestrel,typedhub,typedhub-kestrel,signalr,socketio"
  [ "$browser_path" = 1 ] && servers="typedsockets,typedhub,typedsockets-kestrel,typedhub-kestrel,socketio,signalr"
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
    typedsockets) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api lowlevel" ;;
    typedhub) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api typed" ;;
    typedsockets-kestrel) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api lowlevel --fastpath off" ;;
    typedhub-kestrel) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api typed --fastpath off" ;;
    typedsockets-pipeline) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api lowlevel --fastpath pipeline" ;;
    typedhub-pipeline) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api typed --fastpath pipeline" ;;
    typedsockets-socketioredis) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api lowlevel --redis-protocol socketio" ;;
    typedsockets-recovery) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api lowlevel --recovery on" ;;
    typedhub-recovery) echo "dotnet bench/Server/bin/Release/net10.0/Server.dll --api typed --recovery on" ;;
    typedsockets-before) echo "dotnet $baseline_dir/bench/Server/bin/Release/net10.0/Server.dll --api lowlevel" ;;
    typedhub-before) echo "dotnet $baseline_dir/bench/Server/bin/Release/net10.0/Server.dll --api typed" ;;
    typedsockets-kestrel-before) echo "dotnet $baseline_dir/bench/Server/bin/Release/net10.0/Server.dll --api lowlevel --fastpath off" ;;
    typedhub-kestrel-before) echo "dotnet $baseline_dir/bench/Server/bin/Release/net10.0/Server.dll --api typed --fastpath off" ;;
    signalr) echo "dotnet bench/Peers/SignalR/bin/Release/net10.0/SignalRPeer.dll" ;;
    socketio) echo "node bench/Peers/NodeSocketIO/server.js" ;;
    kestrel) echo "dotnet bench/Peers/KestrelEcho/bin/Release/net10.0/KestrelEchoPeer.dll" ;;
    *) echo "unknown server $1" >&2; return 1 ;;
  esac
}

protocol_of() {
  case "$1" in
    typedsockets|typedhub|typedsockets-kestrel|typedhub-kestrel|typedsockets-pipeline|typedhub-pipeline|typedsockets-before|typedhub-before|typedsockets-kestrel-before|typedhub-kestrel-before|typedsockets-socketioredis|typedsockets-recovery|typedhub-recovery|socketio) echo socketio ;;
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

if [ "$inline_io" = 1 ]; then
  server_environment+=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1)
fi

server_pids=()
perf_pid=""
redis_pid=""
stop_server() {
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    perf_pid=""
  fi
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  server_pids=()
}
stop_all() {
  stop_server
  [ -n "$baseline_dir" ] && { git worktree remove --force "$baseline_dir" 2>/dev/null || true; }
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
  fi
}
trap stop_all EXIT INT TERM

nodes=1
redis_options=()
backplane_options=()
if [ "$redis" = 1 ]; then
  nodes=2
  redis_port="$("${generator[@]}" free-port)"
  # Redis shares CPU 1 with the load generator: it only relays one publish per broadcast to each node.
  "${generator_pin[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$out/redis-server.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do
    redis-cli -p "$redis_port" ping > /dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redis_port" ping > /dev/null || { echo "redis-server did not start (see $out/redis-server.log)" >&2; exit 1; }
  echo "== redis-server $(redis-server --version | grep -o 'v=[^ ]*') on 127.0.0.1:$redis_port"
  redis_options=(--redis "127.0.0.1:$redis_port")
  backplane_options=(--backplane-port "$redis_port")
fi

# --client: the client libraries under load (bench/ClientLoad), each against a server of the end-to-end table; the
# driver writes its own section of the README. Self-contained: it runs instead of the server scenarios below.
if [ "$client" = 1 ]; then
  client_driver=(dotnet bench/ClientLoad/bin/Release/net10.0/ClientLoad.dll)
  client_pairs=(typed:typedhub signalr:signalr typed:socketio)
  client_results="$out/client-results.jsonl"
  client_failed=0
  for ((round = 1; round <= rounds; round++)); do
    for ((i = 0; i < ${#client_pairs[@]}; i++)); do
      # Rotate the order every round, as the server scenarios do.
      pair="${client_pairs[$(((i + round - 1) % ${#client_pairs[@]}))]}"
      client_library="${pair%%:*}"
      server="${pair#*:}"
      log="$out/client-$client_library-$server-round$round.log"
      read -r -a command <<< "$(server_command "$server")"
      port="$("${generator[@]}" free-port)"
      env "${server_environment[@]}" "${server_pin[@]}" "${command[@]}" --urls "http://127.0.0.1:$port" >> "$log" 2>&1 &
      server_pids+=($!)
      echo "== round $round/$rounds: $client_library client -> $server on http://127.0.0.1:$port"
      if ! "${generator_pin[@]}" "${client_driver[@]}" run --client "$client_library" --server "$server" --url "http://127.0.0.1:$port" \
          --round "$round" --out "$client_results" "${generator_options[@]}" 2>&1 | tee -a "$log"; then
        client_failed=1
      fi
      stop_server
    done
  done
  title="The typed C# client against SignalR's .NET client"
  [ "$smoke" = 1 ] && title="$title (smoke run: tiny sizes, about 1 s per pair; the numbers mean nothing)"
  note="Reproduce with \`bash bench/run.sh --client\`. Each client library is the real one (the generated typed client on its WebSocket transport; SignalR's HubConnection over WebSockets with negotiation skipped) in one process, calling \`echo\` with a 64-byte string and checking every answer. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
  "${client_driver[@]}" report --in "$client_results" --readme "$readme" --title "$title" --note "$note" > /dev/null || client_failed=1
  echo "== table written to $readme (run took ${SECONDS}s)"
  if [ "$client_failed" != 0 ]; then
    echo "== some correctness check failed (see the logs in $out)" >&2
    exit 1
  fi
  exit 0
fi

failed=0
count=${#server_list[@]}
for ((round = 1; round <= rounds; round++)); do
  for ((i = 0; i < count; i++)); do
    # Rotate the order every round so no server always runs first (or right after another).
    server="${server_list[$(((i + round - 1) % count))]}"
    log="$out/$server-round$round.log"
    read -r -a command <<< "$(server_command "$server")"
    urls=""
    # Every server starts from an empty Redis (nothing left behind by the one before).
    [ "$redis" = 1 ] && redis-cli -p "$redis_port" flushall > /dev/null
    for ((node = 1; node <= nodes; node++)); do
      port="$("${generator[@]}" free-port)"
      urls="${urls:+$urls,}http://127.0.0.1:$port"
      env "${server_environment[@]}" "${server_pin[@]}" "${command[@]}" --urls "http://127.0.0.1:$port" "${redis_options[@]}" >> "$log" 2>&1 &
      server_pids+=($!)
    done
    echo "== round $round/$rounds: $server on $urls"
    if [ "$perf" = 1 ]; then
      pids="${server_pids[*]}"
      perf record -q -e cpu-clock -F 999 -g -p "${pids// /,}" -o "$out/$server-round$round.perf.data" 2>> "$log" &
      perf_pid=$!
    fi
    if ! DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 "${generator_pin[@]}" "${generator[@]}" run \
        --server "$server" --protocol "$(protocol_of "$server")" --url "$urls" "${backplane_options[@]}" \
        --round "$round" --out "$results" "${generator_options[@]}" 2>&1 | tee -a "$log"; then
      failed=1
    fi
    stop_server
  done
done

report_options=()
if [ "$redis" = 1 ]; then
  title="Scale-out over Redis: broadcast across two nodes"
  note="Reproduce with \`bash bench/run.sh --redis\`. Each server runs as two nodes sharing one redis-server $(redis-server --version | grep -o 'v=[^ ]*' | cut -c3-) (no persistence); the receivers are spread evenly over both nodes and the publisher is on the first, so every tick crosses Redis once. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
  report_options=(--marker redis-bench --placement "Both nodes pinned to CPU 0, redis-server and the load generator to CPU 1 (\`taskset\`)")
elif [ "$scale" = 1 ]; then
  title="Scale on one machine: memory, broadcast to all and connect rate as the server fills"
  kernel="\`ulimit -n\` $(ulimit -n), fs.nr_open $(cat /proc/sys/fs/nr_open 2>/dev/null || echo '?'), fs.file-max $(cat /proc/sys/fs/file-max 2>/dev/null || echo '?'), net.ipv4.ip_local_port_range $(tr '\t' ' ' < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo '?'), net.core.somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo '?'), net.ipv4.tcp_mem $(tr '\t' ' ' < /proc/sys/net/ipv4/tcp_mem 2>/dev/null || echo '?') pages, kernel $(uname -r), memory $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo '?')"
  note="Reproduce with \`bash bench/run.sh --scale\`. Settings: $kernel. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
  report_options=(--marker scale-bench)
elif [ "$browser_path" = 1 ]; then
  title="The browser's real connect path: long-polling handshake and upgrade, and rpc-echo over long-polling"
  note="Reproduce with \`bash bench/run.sh --browser-path\`. The load generator speaks as a browser does (its own HTTP/1.1 keep-alive connections, at most two per client, with Chrome's request headers): connect-browser follows socket.io-client 4.8 (polling handshake; the namespace CONNECT posted, the WebSocket with the sid opened and the next poll sent; 2probe/3probe; polling paused until the poll in flight is ended by the server's noop; 5) up to connected over WebSocket, and @microsoft/signalr (negotiate, WebSocket with the connectionToken, JSON hub handshake); every connection then carries one echo over its WebSocket, untimed, as a check. echo-polling is rpc-echo over long-polling only (socket.io: one pending GET, POSTs of the packets queued meanwhile joined by \\x1e, each write posted at once when no POST is in flight, as engine.io-client does; SignalR: its long-polling transport, one POST per poll's worth of calls, as its send queue does); each ack must be the oldest call in flight. Node compresses polling answers of 1 KiB and more for a client that accepts gzip, as every browser does. *-kestrel: bench/Server with --fastpath off. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
  report_options=(--marker browser-bench)
elif [ -n "$baseline" ]; then
  title="Before and after a change: today's server beside the one built at $(git rev-parse --short "$baseline")"
  note="Reproduce with \`bash bench/run.sh --baseline $(git rev-parse --short "$baseline")\`. Both builds run the same scenarios in the same rounds; the ratio columns compare the first column with each other one. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
  report_options=(--marker before-after-bench)
else
  title="End-to-end benchmarks"
  note="Reproduce with \`bash bench/run.sh\`. Node $(node --version), SDK $(dotnet --version). Load average (1, 5, 15 min) when the run started: $load_at_start. Raw JSON and logs of this run were in \`$out/\`."
fi
[ "$inline_io" = 1 ] && note="$note Every .NET server ran with inline I/O scheduling (\`--inline-io\`)."
[ "$smoke" = 1 ] && title="$title (smoke run: tiny sizes, about 1 s per scenario; the numbers mean nothing)"
"${generator[@]}" report --in "$results" --readme "$readme" --servers "$servers" --title "$title" --note "$note" "${report_options[@]}" > /dev/null || failed=1
echo "== table written to $readme (run took ${SECONDS}s)"
if [ "$failed" != 0 ]; then
  echo "== some correctness check failed (see the logs in $out)" >&2
  exit 1
fi
