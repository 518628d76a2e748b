#!/usr/bin/env bash
# Reproduces the file backend's end-to-end import figures (benchmarks/README.md, "Production import
# into the review queue"): throughput on disk and on tmpfs, 100,000 leads on disk, and peak memory at
# 100,000 and 1,000,000 leads. Whole-process runs of the built worker under GNU time.
#
# Usage: benchmarks/scripts/import-throughput.sh [WORKDIR] [TMPFS_DIR]
#   WORKDIR    a directory on the disk under test (default: a new directory under the system temp dir)
#   TMPFS_DIR  a directory on a tmpfs mount (default: /dev/shm)
# Environment: SKIP_MILLION=1 skips the 1,000,000-lead run; WORKER=path uses an already built worker.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
shm=${2:-/dev/shm}/caio-import-$$
worker=${WORKER:-$repo/samples/Caio.Worker/bin/Release/net10.0/caio-worker}
mkdir -p "$work" "$shm"
trap 'rm -rf "$shm"' EXIT

if [[ -z "${WORKER:-}" ]]; then
  dotnet build "$repo/samples/Caio.Worker" -c Release -v quiet -nologo >/dev/null
fi

for n in 10000 100000 1000000; do
  [[ $n == 1000000 && -n "${SKIP_MILLION:-}" ]] && continue
  [[ -f "$work/leads-$n.json" ]] || python3 "$repo/benchmarks/scripts/generate-leads.py" "$n" "$work/leads-$n.json"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf '%-8s %-6s %10s %10s %10s %10s %12s %s\n' leads where wall_s user_s sys_s queued leads_per_s "peak_rss_MiB  load(1m) before/after"

run() { # leads, where (disk|tmpfs), state parent directory
  local n=$1 where=$2 parent=$3 state="$3/state-$1-$$" before after
  rm -rf "$state"
  before=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
    "$worker" pipeline --mode production --input "$work/leads-$n.json" --state-dir "$state" >"$work/run-$n-$where.txt" 2>"$work/run-$n-$where.err"
  after=$(cut -d' ' -f1 /proc/loadavg)
  read -r wall user sys rss <"$work/time.txt"
  local queued
  queued=$(awk '$1 == "queue" { print $3 }' "$work/run-$n-$where.txt")
  printf '%-8s %-6s %10s %10s %10s %10s %12.0f %8.1f  %s/%s\n' "$n" "$where" "$wall" "$user" "$sys" "$queued" \
    "$(echo "$n / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$before" "$after"
  rm -rf "$state"
}

run 10000 disk "$work"
run 10000 tmpfs "$shm"
run 100000 disk "$work"
run 100000 tmpfs "$shm"
if [[ -z "${SKIP_MILLION:-}" ]]; then
  run 1000000 disk "$work"
fi
