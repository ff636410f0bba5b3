#!/usr/bin/env bash
# The cost of reading and validating hostile scenarios: `spsim validate` on generated files near
# the reader's 16 MiB limit, each timed with /usr/bin/time (wall seconds, peak memory), with the
# lines of messages it printed counted. Cases (the first of each kind is stopped by the reader's
# limit of 10,000 entries in one mapping or list; the others stay under it, so everything in
# them is read and checked):
#   keys_1m            1,000,000 distinct unknown keys at the top level (12 MB)
#   keys_nested        the same million keys in 100 unknown sections of 10,000 (all read)
#   keys_spread        64 localities of 9,000 unknown keys each: 576,000 keys, each checked
#   neighbours         one locality whose neighbours list has 2,600,000 distinct names
#   neighbours_spread  64 localities, each listing 9,000 neighbours (over the limit of 63)
#   duplicates         1,500,000 copies of one key at the top level
#   duplicates_spread  64 localities, each giving one key 9,000 times: 576,000 duplicates
# Run on demand (never by ctest: its figures are times); the table is Markdown, for
# docs/performance.md and docs/reliability.md.
#
#   bench/validate_large.sh [SPSIM (build/spsim)] [TIMEOUT_SECONDS (120)] [CASE...]
set -euo pipefail
cd "$(dirname "$0")/.."
spsim=${1:-build/spsim}
limit=${2:-120}
shift $(($# > 2 ? 2 : $#))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(keys_1m keys_nested keys_spread neighbours neighbours_spread
  duplicates duplicates_spread)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

head_yaml() { # a valid scenario's opening
  printf 'name: big\nstart_date: 2025-04-01\nlocalities:\n'
}
locality() { # $1 name: a valid locality
  printf '  %s:\n    population: {age_0_15: 100, age_16_29: 100, age_30_49: 100, ' "$1"
  printf 'age_50_64: 100, age_65_plus: 100}\n    deprivation: 0.2\n    rurality: 0.1\n'
  printf '    link_workers: {fte: 1}\n'
}
names() { # $1 count: distinct four-character names from the 64 characters a name may use
  awk -v n="$1" 'BEGIN { c = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
      for (i = 0; i < n; i++) {
        m = i; s = "";
        for (k = 0; k < 4; k++) { s = s substr(c, m % 64 + 1, 1); m = int(m / 64) }
        printf "%s%s", (i ? ", " : ""), s } }'
}
generate() { # $1 case
  head_yaml
  case $1 in
    keys_1m)
      locality town
      awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "k%07d: 1\n", i }' ;;
    keys_nested)
      locality town
      awk 'BEGIN { for (s = 0; s < 100; s++) { printf "section%d:\n", s;
                     for (i = 0; i < 10000; i++) printf "  k%d_%05d: 1\n", s, i } }' ;;
    keys_spread)
      for l in $(seq 1 64); do
        locality "town$l"
        awk -v l="$l" 'BEGIN { for (i = 0; i < 9000; i++) printf "    x%d_%05d: 1\n", l, i }'
      done ;;
    neighbours)
      locality town
      printf '    neighbours: ['
      names 2600000
      printf ']\n' ;;
    neighbours_spread)
      for l in $(seq 1 64); do
        locality "town$l"
        printf '    neighbours: ['
        names 9000
        printf ']\n'
      done ;;
    duplicates)
      locality town
      awk 'BEGIN { for (i = 0; i < 1500000; i++) printf "seed: 1\n" }' ;;
    duplicates_spread)
      for l in $(seq 1 64); do
        locality "town$l"
        awk 'BEGIN { for (i = 0; i < 9000; i++) printf "    deprivation: 0.2\n" }'
      done ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
  esac
}

printf '| case | file size | wall time | CPU time | peak memory | lines printed | exit status |\n'
printf '|---|---|---|---|---|---|---|\n'
for name in "${cases[@]}"; do
  file=$dir/$name.yaml
  generate "$name" >"$file"
  size=$(stat -c %s "$file")
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" timeout "$limit" "$spsim" validate "$file" \
    >/dev/null 2>"$dir/messages"
  status=$?
  set -e
  read -r wall user sys kib < <(tail -n 1 "$dir/time") || true
  lines=$(wc -l <"$dir/messages")
  if [ "$status" -eq 124 ]; then wall="more than $limit"; fi
  awk -v n="$name" -v s="$size" -v w="$wall" -v c="$user $sys" -v k="${kib:-0}" -v l="$lines" \
    -v st="$status" 'BEGIN { split(c, t, " ");
      printf "| %s | %.1f MB | %s s | %.2f s | %.0f MB | %d | %d |\n", n, s / 1e6, w, t[1] + t[2],
             k / 1024, l, st }'
  rm -f "$file"
done
