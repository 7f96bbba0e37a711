#!/usr/bin/env bash
# Alternates `rebuild PROJECTION` of two built trees (pnpm install and tsc -b in each) over one
# database, ROUNDS times, printing each run's wall time, Node.js CPU, peak RSS and PostgreSQL's CPU:
# on a noisy machine only runs taken side by side compare.
#
#   test/bench/probes/ab-rebuild.sh OLD_TREE NEW_TREE DATABASE_URL PROJECTION [ROUNDS=2]
#
# OLD_TREE can be a worktree of the ref to compare with: git worktree add /tmp/old <ref>.
set -euo pipefail
old=${1:?usage: ab-rebuild.sh OLD_TREE NEW_TREE DATABASE_URL PROJECTION [ROUNDS]}
new=${2:?}
url=${3:?}
projection=${4:?}
rounds=${5:-2}
probes=$(cd "$(dirname "$0")" && pwd)
for _ in $(seq 1 "$rounds"); do
  for tree in "$old" "$new"; do
    a=$("$probes/pg-cpu.sh")
    out=$( { cd "$tree" && MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} DATABASE_URL=$url /usr/bin/time \
      -f '%e s, %U s user, %S s system, %M KiB' node services/api/dist/cli.js rebuild "$projection" >/dev/null; } 2>&1 | tail -1)
    b=$("$probes/pg-cpu.sh")
    echo "$tree $projection: $out, PostgreSQL $(echo "$b - $a" | bc) s, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%H:%M)"
  done
done
