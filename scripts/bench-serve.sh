#!/usr/bin/env bash
# Load benchmark of `unspun serve` (docs/PERFORMANCE.md): for each tier,
# start a release server on loopback, run CLIENTS clients posting BBC
# articles for SECONDS, print requests/s, latency, refusals and peak memory.
# Usage: scripts/bench-serve.sh [ARTICLES_DIR] [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-../shared/data/news-corpus/bbc}
clients=${2:-200}
seconds=${3:-60}
cargo build --release -p unspun-cli
cargo build --release -p unspun-server --example load
for tier in fast accurate; do
    port=$((18400 + RANDOM % 1000))
    ./target/release/unspun serve --model "$tier" --addr "127.0.0.1:$port" 2>/tmp/unspun-serve-$tier.log &
    pid=$!
    until grep -q "serving on" /tmp/unspun-serve-$tier.log 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { cat /tmp/unspun-serve-$tier.log; exit 1; }
        sleep 0.2
    done
    echo "== $tier tier, $clients clients, ${seconds} s"
    ./target/release/examples/load "http://127.0.0.1:$port" "$clients" "$seconds" "$articles" "$pid"
    kill "$pid"; wait "$pid" 2>/dev/null || true
done
