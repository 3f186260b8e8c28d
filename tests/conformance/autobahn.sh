#!/usr/bin/env bash
# Runs the Autobahn|Testsuite fuzzingclient (RFC 6455 conformance) against samples/Echo and prints the
# result counts per case group. Not part of CI: the suite is not installable from the package sources CI
# reaches (docs/conformance.md says what it needs and how the last run went).
#
#   tests/conformance/autobahn.sh /path/to/autobahn-testsuite [output-dir]
#
# The suite path is a checkout of the Python 3 port of Autobahn|Testsuite (the directory holding
# autobahntestsuite/autobahntestsuite/wstest.py). Its Python needs Twisted, Autobahn|Python and Jinja2
# (on Debian: python3-twisted python3-autobahn python3-jinja2). Environment:
#   PYTHON  the interpreter that has them (default python3)
#   PORT    the port samples/Echo listens on, on 127.0.0.1 (default 9011)
#   CASES   JSON list of case patterns (default every non-compression case)
set -euo pipefail

suite="${1:?usage: $0 <autobahn-testsuite checkout> [output-dir]}"
suite="$(cd "$suite" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${2:-$repo/artifacts/conformance}"
python="${PYTHON:-python3}"
port="${PORT:-9011}"
cases="${CASES:-[\"1.*\", \"2.*\", \"3.*\", \"4.*\", \"5.*\", \"6.*\", \"7.*\", \"9.*\", \"10.*\"]}"

package="$suite/autobahntestsuite"
if [[ ! -f "$package/autobahntestsuite/wstest.py" ]]; then
    echo "no autobahntestsuite/autobahntestsuite/wstest.py under $suite" >&2
    exit 2
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"

dotnet build "$repo/samples/Echo" -c Release --nologo -v quiet
dotnet "$repo/samples/Echo/bin/Release/net10.0/Echo.dll" --urls "http://127.0.0.1:$port" >"$out/echo.log" 2>&1 &
echo_pid=$!
trap 'kill "$echo_pid" 2>/dev/null || true; wait "$echo_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.2
done

cat >"$out/fuzzingclient.json" <<JSON
{
  "outdir": "$out/reports/servers",
  "servers": [{"agent": "TypedSockets.Echo", "url": "ws://127.0.0.1:$port/echo"}],
  "cases": $cases,
  "exclude-cases": ["12.*", "13.*"],
  "exclude-agent-cases": {}
}
JSON

# The port's per-case JSON report writer meets bytes (a close reason) under Autobahn|Python releases older
# than the one it pins, raises inside the reactor and never exits; this writes such bytes as text instead.
wstest='
import json
dumps = json.dumps
json.dumps = lambda o, **k: dumps(o, default=lambda b: b.decode("utf-8", "replace") if isinstance(b, bytes) else repr(b), **k)
from autobahntestsuite.wstest import run
run()
'

(cd "$out" && PYTHONPATH="$package${PYTHONPATH:+:$PYTHONPATH}" \
    "$python" -c "$wstest" -m fuzzingclient -s "$out/fuzzingclient.json") \
    >"$out/wstest.log" 2>&1

"$python" "$repo/tests/conformance/autobahn-summary.py" "$out/reports/servers/index.json"
