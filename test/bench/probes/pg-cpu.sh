#!/usr/bin/env bash
# CPU seconds (user + system, and those of reaped children) of every postgres process on this host,
# from /proc: run it before and after a command and subtract, to count PostgreSQL's share of it.
#
#   a=$(test/bench/probes/pg-cpu.sh); <command>; b=$(test/bench/probes/pg-cpu.sh); echo "$b - $a" | bc
set -euo pipefail
tck=$(getconf CLK_TCK)
total=0
for pid in $(pgrep -x postgres); do
  # Fields after "pid (comm) ": utime, stime, cutime, cstime are the 12th to 15th.
  read -r -a f < <(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
  total=$((total + f[11] + f[12] + f[13] + f[14]))
done
echo "scale=2; $total / $tck" | bc
