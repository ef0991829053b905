#!/usr/bin/env bash
# The web app under load: a store of N generated incidents (default 100,000),
# `leakwatch serve` on loopback, and wrk with 32 connections against search,
# the list page and incident pages. Prints latency percentiles, requests per
# second, the index size and the server's peak RSS.
#
#   bench/web.sh [N] [DURATION]        e.g. bench/web.sh 100000 30s
#
# The generated store is kept in target/bench-web-N (delete it to regenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
duration=${2:-30s}
work=target/bench-web-$n
bin=target/release/leakwatch
cargo build --release --locked -q
command -v wrk >/dev/null || { echo "wrk missing: run .ci/setup" >&2; exit 1; }
if [ ! -f "$work/store.db" ]; then
  rm -rf "$work"; mkdir -p "$work"
  echo "== generating $n documents"
  $bin synth --count "$n" --out "$work/docs" >/dev/null
  echo "== ingesting (store and index)"
  /usr/bin/time -f "ingest: %e s wall, peak RSS %M KiB" $bin --db "$work/store.db" ingest "$work/docs" 2>&1 | tail -n 2
  rm -rf "$work/docs"
  /usr/bin/time -f "reindex: %e s wall, peak RSS %M KiB" $bin --db "$work/store.db" reindex 2>&1 | tail -n 2
fi
$bin --db "$work/store.db" stats | head -n 5
echo "index: $(du -sh "$work/store.db.index" | cut -f1)  store: $(du -sh "$work/store.db" | cut -f1)"

port=18087
$bin --db "$work/store.db" serve --addr 127.0.0.1:$port 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
max_id=$(curl -sf "http://127.0.0.1:$port/api/v1/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"]["incidents"])')

cat > "$work/search.lua" <<'LUA'
local words = {"%E4%B8%8D%E6%AD%A3%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9",
  "%E3%82%AF%E3%83%AC%E3%82%B8%E3%83%83%E3%83%88%E3%82%AB%E3%83%BC%E3%83%89%20%E4%B8%8D%E6%AD%A3%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9",
  "%E8%AA%A4%E9%80%81%E4%BF%A1%20BCC", "%E3%83%A9%E3%83%B3%E3%82%B5%E3%83%A0%E3%82%A6%E3%82%A7%E3%82%A2",
  "%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE", "%E3%83%A1%E3%83%BC%E3%83%AB%E3%82%A2%E3%83%89%E3%83%AC%E3%82%B9",
  "%E7%B4%9B%E5%A4%B1", "%E3%83%95%E3%82%A3%E3%83%83%E3%82%B7%E3%83%B3%E3%82%B0"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/search?limit=20&q=" .. words[(i % #words) + 1])
end
LUA
cat > "$work/list.lua" <<'LUA'
local causes = {"", "&cause=misdelivery", "&cause=unauthorized_access", "&sort=records", "&sort=lag", "&year=2025"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/incidents?page=" .. ((i % 20) + 1) .. causes[(i % #causes) + 1])
end
LUA
cat > "$work/incident.lua" <<LUA
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/incidents/" .. ((i * 7919) % $max_id + 1))
end
LUA
for what in search list incident; do
  echo "== $what: 1 connection (latency without queueing), $duration"
  wrk -t1 -c1 -d"$duration" --latency -s "$work/$what.lua" "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
  echo "== $what: 32 connections, 2 threads, $duration"
  wrk -t2 -c32 -d"$duration" --latency -s "$work/$what.lua" "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
done
echo "serve peak RSS: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
