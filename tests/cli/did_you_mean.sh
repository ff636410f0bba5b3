#!/usr/bin/env bash
# Misspelt commands, options and choice values get a did-you-mean naming the closest spelling
# (within two edits), every command alike; a word far from every spelling gets none. Each
# message's first line is compared exactly, and the exit status must be 2 (usage error).
set -u
spsim=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
somerset=scenarios/somerset.yaml

# says MESSAGE -- COMMAND...: exit status 2 and stderr's first line is exactly MESSAGE.
says() {
  local want=$1; shift 2
  "$@" >/dev/null 2>"$work/err"
  local got=$? line
  line=$(head -n 1 "$work/err")
  if [ "$got" = 2 ] && [ "$line" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAILED: %s\n  exit %s, stderr: %s\n  expected: %s\n' "$*" "$got" "$line" "$want"
  fi
}

# commands
says "spsim: unknown command 'rn'; did you mean 'run'?" -- "$spsim" rn
says "spsim: unknown command 'valdiate'; did you mean 'validate'?" -- "$spsim" valdiate
says "spsim: unknown command 'exprot'; did you mean 'export'?" -- "$spsim" exprot
says "spsim: unknown command 'frobnicate'" -- "$spsim" frobnicate
# options, in every command that takes them
says "spsim: unknown option '--replicatons'; did you mean '--replications'?" -- "$spsim" run --replicatons 3
says "spsim: unknown option '--fulll'; did you mean '--full'?" -- "$spsim" run --replications=3 --fulll
says "spsim: unknown option '--seeed=4'; did you mean '--seed'?" -- "$spsim" run --seeed=4
says "spsim: unknown option '--replcatons'; did you mean '--replications'?" -- "$spsim" run --replcatons 3
says "spsim: unknown option '--fast'" -- "$spsim" run --fast
says "spsim: unknown command 'su'" -- "$spsim" su
says "spsim: unknown option '--vray'; did you mean '--vary'?" -- "$spsim" sweep --vray x
says "spsim: unknown option '--lveer'; did you mean '--lever'?" -- "$spsim" size --lveer x
says "spsim: unknown option '--budgte'; did you mean '--budget'?" -- "$spsim" allocate --budgte 3
says "spsim: unknown option '--partcles'; did you mean '--particles'?" -- "$spsim" calibrate --partcles 3
says "spsim: unknown option '--locallities'; did you mean '--localities'?" -- "$spsim" new x --locallities p.csv
says "spsim: unknown option '--cvs'; did you mean '--csv'?" -- "$spsim" export out.h5 --cvs dir
says "spsim: unknown option '--xslx'; did you mean '--xlsx'?" -- "$spsim" export out.h5 --xslx a.xlsx
says "spsim: unknown option '--markdwn'; did you mean '--markdown'?" -- "$spsim" reference --markdwn
says "spsim: unknown option '--json_schema'; did you mean '--json-schema'?" -- "$spsim" reference --json_schema
says "spsim: unknown option '--ful'; did you mean '--full'?" -- "$spsim" summary out.h5 --ful
says "spsim: unknown option '--outptu'; did you mean '--output'?" -- "$spsim" report out.h5 --outptu r.html
says "spsim: unknown option '--frob'" -- "$spsim" report out.h5 --frob
# choice values
says "spsim: --keep needs one of all, summaries or sample:N, got 'sumaries'; did you mean 'summaries'?" -- \
  "$spsim" run "$somerset" --keep sumaries -q -o "$work/x.h5"
says "spsim: --keep needs one of all, summaries or sample:N, got 'al'; did you mean 'all'?" -- \
  "$spsim" run "$somerset" --keep al -q -o "$work/x.h5"
says "spsim: --keep needs one of all, summaries or sample:N, got 'smaple:3'; did you mean 'sample:N'?" -- \
  "$spsim" run "$somerset" --keep smaple:3 -q -o "$work/x.h5"
says "spsim: --keep needs one of all, summaries or sample:N, got 'everything'" -- \
  "$spsim" run "$somerset" --keep everything -q -o "$work/x.h5"
says "spsim: --keep sample:N needs N a whole number of replications from 1 to 1000000, got 'sample:0'" -- \
  "$spsim" run "$somerset" --keep sample:0 -q -o "$work/x.h5"
says "spsim: --lever needs link_worker_fte or builder_fte, got 'buildr_fte'; did you mean 'builder_fte'?" -- \
  "$spsim" size "$somerset" --arm blanket --lever buildr_fte
says "spsim: --lever needs link_worker_fte or builder_fte, got 'staff'" -- \
  "$spsim" size "$somerset" --arm blanket --lever staff
says "spsim: --target 'wait_p09_weeks <= 4': unknown metric 'wait_p09_weeks' (allowed: wait_mean_weeks, wait_p90_weeks, first_contact_mean_weeks, never_connected_share, caseload_per_fte); did you mean 'wait_p90_weeks'?" -- \
  "$spsim" size "$somerset" --arm blanket --target 'wait_p09_weeks <= 4'
says "spsim: --over needs a list of link_workers, builders, grants, got 'builders,grant'; did you mean 'grants'?" -- \
  "$spsim" allocate "$somerset" --arm quilt --budget 1000000 --over builders,grant
says "spsim: unknown arm 'blankt' (arms: blanket, quilt, do_nothing); did you mean 'blanket'?" -- \
  "$spsim" run "$somerset" --arms blankt -q -o "$work/x.h5"
test ! -e "$work/x.h5" && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAILED: a refused run wrote its file"; }

echo "did-you-mean: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
