#!/usr/bin/env bash
# Load benchmark of `docspec mock` against the least an axum server can do to send the same
# bytes (examples/plain_server.rs). Prints requests/sec of each and their ratio; it asserts
# nothing about speed (timings vary with the machine).
#
# Usage: codegen/benches/mock_load.sh
# Environment:
#   DOCS=dir        docs folder to serve (default: docs/ at the workspace root)
#   MODEL=file      serve a model JSON instead (default when DOCS has no API pages:
#                   codegen/tests/mock_fixture.json)
#   MOCK_PATH=/p    the request path (default: the first GET route, placeholders filled in)
#   DURATION=10s    wrk duration per server;  THREADS=2 CONNECTIONS=32  wrk load shape
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
connections="${CONNECTIONS:-32}"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    echo "installing wrk..." >&2
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

cargo build --release -q -p docspec-codegen --bin docspec --example plain_server
target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
docspec="$target/release/docspec"
plain="$target/release/examples/plain_server"

# Starts a server in the background, logging to $work/$1.log; echoes its base URL.
start() {
    local name="$1"; shift
    "$@" >"$work/$name.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 100); do
        local url
        url="$(sed -n 's/^serving on \(http:[^ ]*\).*/\1/p' "$work/$name.log" | head -n1)"
        if [ -n "$url" ]; then echo "$url"; return 0; fi
        sleep 0.1
    done
    echo "$name did not start:" >&2; cat "$work/$name.log" >&2; return 1
}

source_args=()
if [ -n "${MODEL:-}" ]; then
    source_args=(--model "$MODEL")
else
    source_args=(--docs "${DOCS:-$root/docs}")
fi
if ! mock_url="$(start mock "$docspec" mock "${source_args[@]}" --addr 127.0.0.1:0)"; then
    echo "falling back to the test fixture model" >&2
    source_args=(--model "$root/codegen/tests/mock_fixture.json")
    mock_url="$(start mock "$docspec" mock "${source_args[@]}" --addr 127.0.0.1:0)"
fi

path="${MOCK_PATH:-$(awk '$1 == "GET" { print $2; exit }' "$work/mock.log" | sed 's/{[^}]*}/bench-1/g')}"
if [ -z "$path" ]; then echo "no GET route to benchmark; set MOCK_PATH" >&2; exit 1; fi

meta="$(curl -s -o "$work/body" -w '%{http_code} %{content_type}' "$mock_url$path")"
status="${meta%% *}"
ctype="${meta#* }"
plain_url="$(start plain "$plain" 127.0.0.1:0 "$work/body" "$status" "${ctype:-application/json}")"
curl -s -o "$work/plain_body" "$plain_url$path"
cmp -s "$work/body" "$work/plain_body" || { echo "the two servers send different bytes" >&2; exit 1; }

rps() {
    wrk -t"$threads" -c"$connections" -d"$duration" "$1" | awk '/^Requests\/sec:/ { print $2 }'
}
echo "path: $path  status: $status  body: $(wc -c <"$work/body") bytes  ($("$docspec" --version 2>/dev/null || echo docspec))"
echo "wrk -t$threads -c$connections -d$duration"
mock_rps="$(rps "$mock_url$path")"
plain_rps="$(rps "$plain_url$path")"
printf 'docspec mock : %12.0f req/s\n' "$mock_rps"
printf 'plain axum   : %12.0f req/s\n' "$plain_rps"
awk -v m="$mock_rps" -v p="$plain_rps" 'BEGIN { if (p > 0) printf "ratio mock/plain: %.2f\n", m / p }'
