#!/usr/bin/env bash
# Side by side on this machine (issue #15): one dev node against a 3-validator devnet, the same
# transfer load (forkless tx load) at the same block time; then, on the devnet, an upgrade to 2.0.0
# with add_staking under load, and the longest block interval around its activation against the
# longest before it. Prints one line per figure; docs/benchmarks.md records them.
#   benchmarks/scripts/validator-network.sh [WORK_DIR]      (needs node/target/forkless.jar)
# Environment: RATE (transfers/s asked, default 100), DURATION (s, default 30), BLOCK_MS (1000),
# VALIDATORS (devnet size, 1 to 5, default 3), VOTING_PERIOD (devnet's, blocks, default 60: the
# vote CLIs' JVMs start slowly on a loaded machine), UPGRADE_ONLY=1 (only the devnet upgrade part).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${FORKLESS_JAR:-$root/node/target/forkless.jar}"
work="${1:-$(mktemp -d)}"
rate="${RATE:-100}"; duration="${DURATION:-30}"; block_ms="${BLOCK_MS:-1000}"
validators="${VALIDATORS:-3}"; voting_period="${VOTING_PERIOD:-60}"
single_port=29944; net_port=29954
mkdir -p "$work"

forkless() { java -jar "$jar" "$@"; }
rpc() { curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-{\}}}" "http://127.0.0.1:$1/rpc"; }
field() { python3 -c "import json,sys; r=json.load(sys.stdin).get('result') or {}; print(r.get('$1',''))"; }
height() { rpc "$1" forkless_status | field height; }
await_height() {  # port min
  for _ in $(seq 1 600); do h=$(height "$1" 2>/dev/null || true); [[ -n "$h" && "$h" -ge "$2" ]] && return 0; sleep 1; done
  echo "timed out waiting for height $2 on $1" >&2; return 1
}
# Block statistics between two heights: mean and longest interval, transactions per block.
stats() {  # port from to label
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys, urllib.request
port, lo, hi, label = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def block(h):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/rpc", data=json.dumps(
        {"jsonrpc": "2.0", "id": 1, "method": "forkless_block", "params": {"height": h}}).encode(),
        headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))["result"]
bs = [block(h) for h in range(lo, hi + 1)]
ts = [b["timestampMillis"] for b in bs]
gaps = [b - a for a, b in zip(ts, ts[1:])]
txs = sum(len(b["transactions"]) for b in bs[1:])
secs = (ts[-1] - ts[0]) / 1000
print(f"{label}: {len(gaps)} blocks, mean block time {sum(gaps)/len(gaps):.0f} ms, longest "
      f"{max(gaps)} ms (at height {lo + 1 + gaps.index(max(gaps))}), {txs} tx in {secs:.1f} s "
      f"= {txs/secs:.1f} tx/s on chain")
PY
}

if [[ -z "${UPGRADE_ONLY:-}" ]]; then
echo "== single node (--dev), block time $block_ms ms, load $rate/s for $duration s"
java -jar "$jar" node --dev --data-dir "$work/single" --rpc-addr "127.0.0.1:$single_port" \
  --block-time "$block_ms" > "$work/single.log" 2>&1 &
single=$!
await_height $single_port 2
h0=$(height $single_port)
forkless tx load --rate "$rate" --duration "$duration" --timeout 300 --rpc "http://127.0.0.1:$single_port" | sed 's/^/single load: /'
h1=$(height $single_port)
stats $single_port "$h0" "$h1" "single node"
kill "$single"; wait "$single" || true
fi

echo "== devnet of $validators validators, block time $block_ms ms, load $rate/s for $duration s (sent to validator 2)"
java -jar "$jar" devnet --validators "$validators" --dir "$work/devnet" --base-port $net_port \
  --block-time "$block_ms" --voting-period "$voting_period" > "$work/devnet.out" 2>&1 &
devnet=$!
trap 'kill $devnet 2>/dev/null || true' EXIT
await_height $net_port 2
await_height $((net_port + 1)) 2
if [[ -z "${UPGRADE_ONLY:-}" ]]; then
h0=$(height $net_port)
forkless tx load --rate "$rate" --duration "$duration" --timeout 300 --rpc "http://127.0.0.1:$((net_port + 1))" | sed 's/^/devnet load: /'
h1=$(height $net_port)
stats $net_port "$h0" "$h1" "devnet"
fi

echo "== devnet: upgrade to 2.0.0 with add_staking under load"
plugins="$work/devnet/node-1/plugins"
forkless tx load --rate 50 --duration 60 --rpc "http://127.0.0.1:$((net_port + 2))" > "$work/upgrade-load.txt" &
load=$!
before=$(height $net_port)
# The CLI returns after the code upload; the voting period (20 blocks on the dev chain) may be
# over by then on a loaded machine, so the votes go in, in parallel, as soon as the proposal exists.
forkless propose --jar "$plugins/balances-runtime-2.0.0.jar" --migration "$plugins/add-staking-migration.jar" \
  --title "Add staking" --key alice --rpc "http://127.0.0.1:$net_port" > "$work/propose.out" 2>&1 &
propose=$!
id=""
for _ in $(seq 1 300); do
  id=$(rpc $net_port forkless_proposals | python3 -c "import json,sys; p=(json.load(sys.stdin).get('result') or {}).get('proposals') or []; print(p[-1]['id'] if p else '')")
  [[ -n "$id" ]] && break; sleep 1
done
voters=(alice bob)
if [[ "$validators" -ge 5 ]]; then voters+=(charlie); fi  # alice + bob hold 70 of 110: two thirds needs charlie too
pids=()
for i in "${!voters[@]}"; do
  forkless vote "$id" --yes --key "${voters[$i]}" --rpc "http://127.0.0.1:$((net_port + i % validators))" > "$work/vote-${voters[$i]}.out" 2>&1 &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { echo "a vote failed:"; cat "$work"/vote-*.out; exit 1; }; done
wait "$propose" || true
activation=$(rpc $net_port forkless_proposal "{\"id\":$id}" | field activationHeight)
await_height $net_port $((activation + 10))
wait "$load" || true
sed 's/^/upgrade load: /' "$work/upgrade-load.txt"
before_stats=$(stats $net_port "$before" $((activation - 5)) "devnet before the activation")
around_stats=$(stats $net_port $((activation - 5)) $((activation + 5)) "devnet around the activation (height $activation)")
echo "$before_stats"; echo "$around_stats"
longest() { sed -E 's/.*longest ([0-9]+) ms.*/\1/' <<< "$1"; }
a=$(longest "$before_stats"); b=$(longest "$around_stats")
echo "longest block interval around the activation / before it: $b / $a ms = $(python3 -c "print(f'{$b / $a:.2f}')")"
