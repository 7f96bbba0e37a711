#!/usr/bin/env bash
# The differential check of issue 12: the read models built by the code of OLD_REF and by the code of
# this tree from the same log are identical row by row.
#
#   test/bench/projections/diff-read-models.sh DATABASE [PROJECTIONS] [OLD_REF]
#
# DATABASE holds a log (e.g. one loaded by test/bench/projections/load-log.ts) on DATABASE_URL's
# server; its live read models are replaced. PROJECTIONS: comma-separated names (default: directory,
# consumption, balances, subscriptions). OLD_REF: default the merge-base with main. The old tree is
# extracted to a temporary folder (git archive) and run with this tree's installed dependencies.
# Each build goes into schemas old_* / new_*; every table is compared with EXCEPT ALL both ways, on
# the columns both have: a table or column added since OLD_REF is named, one dropped fails the check.
# DIFF_COMPARE_ONLY=1 compares the schemas an earlier run left, without building them again.
set -euo pipefail
database=${1:?usage: diff-read-models.sh DATABASE [PROJECTIONS] [OLD_REF]}
projections=${2:-directory,consumption,balances,subscriptions}
root=$(git rev-parse --show-toplevel)
old_ref=${3:-$(git -C "$root" merge-base HEAD main)}
admin=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
url="${admin%/*}/$database"

if [ "${DIFF_COMPARE_ONLY:-0}" != 1 ]; then
  old=$(mktemp -d /tmp/reckon-diff-old.XXXXXX)
  trap 'rm -rf "$old"' EXIT
  git -C "$root" archive "$old_ref" | tar -x -C "$old"
  ln -s "$root/node_modules" "$old/node_modules"
  # Workspace packages link each other relatively: copy the links, so the old tree uses its own packages.
  for dir in "$root"/packages/* "$root"/services/* "$root"/test; do
    rel=${dir#"$root"/}
    if [ -d "$dir/node_modules" ] && [ -d "$old/$rel" ]; then cp -a "$dir/node_modules" "$old/$rel/"; fi
  done
  cp "$root/test/bench/projections/build-read-models.ts" "$old/test/bench/projections/"

  # A build that fails fails the check: otherwise the schemas of an earlier run would be compared.
  built=$(cd "$old" && node --conditions=@reckon/source --import tsx test/bench/projections/build-read-models.ts "$url" "$projections" old) ||
    { echo "old ($old_ref): the build failed" >&2; exit 1; }
  echo "old ($old_ref): $built"
  built=$(cd "$root" && node --conditions=@reckon/source --import tsx test/bench/projections/build-read-models.ts "$url" "$projections" new) ||
    { echo "new ($(git -C "$root" rev-parse --short HEAD)): the build failed" >&2; exit 1; }
  echo "new ($(git -C "$root" rev-parse --short HEAD)): $built"
fi
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
status=0
columns() { # schema table → its columns, one per line, in table order
  psql "$url" -Atc "SELECT column_name FROM information_schema.columns WHERE table_schema = '$1' AND table_name = '$2' ORDER BY ordinal_position"
}
for schema in $(psql "$url" -Atc "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'new\\_%' ORDER BY 1"); do
  base=${schema#new_}
  tables=$(psql "$url" -Atc "SELECT tablename FROM pg_tables WHERE schemaname IN ('new_$base', 'old_$base')
    AND tablename <> 'checkpoint' GROUP BY tablename ORDER BY 1")
  for t in $tables; do
    new_columns=$(columns "new_$base" "$t")
    old_columns=$(columns "old_$base" "$t")
    if [ -z "$old_columns" ]; then
      # A table the old code did not have (a read model added since OLD_REF): nothing to compare.
      printf '%-40s %9s rows  %s\n' "rm_$base.$t" "$(psql "$url" -Atc "SELECT count(*) FROM new_$base.$t")" "added since $old_ref"
      continue
    fi
    if [ -z "$new_columns" ]; then
      printf '%-40s %9s  %s\n' "rm_$base.$t" "" "MISSING from the new build"
      status=1
      continue
    fi
    # Compared on the columns both builds have; columns added since OLD_REF are named, dropped ones fail.
    common=$(comm -12 <(sort <<<"$old_columns") <(sort <<<"$new_columns") | paste -sd, -)
    added=$(comm -13 <(sort <<<"$old_columns") <(sort <<<"$new_columns") | paste -sd, -)
    dropped=$(comm -23 <(sort <<<"$old_columns") <(sort <<<"$new_columns") | paste -sd, -)
    counts=$(psql "$url" -Atc "SELECT (SELECT count(*) FROM new_$base.$t),
      (SELECT count(*) FROM (SELECT $common FROM old_$base.$t EXCEPT ALL SELECT $common FROM new_$base.$t) d),
      (SELECT count(*) FROM (SELECT $common FROM new_$base.$t EXCEPT ALL SELECT $common FROM old_$base.$t) d)")
    IFS='|' read -r rows only_old only_new <<<"$counts"
    verdict=identical
    if [ "$only_old" != 0 ] || [ "$only_new" != 0 ] || [ -n "$dropped" ]; then verdict=DIFFERENT; status=1; fi
    printf '%-40s %9s rows  only-old %s  only-new %s  %s%s%s\n' "rm_$base.$t" "$rows" "$only_old" "$only_new" "$verdict" \
      "${added:+  (columns added since $old_ref: $added)}" "${dropped:+  (columns DROPPED: $dropped)}"
  done
done
exit $status
