#!/usr/bin/env bash
# The estimate before a run (docs/reliability.md, "Estimate before a run"):
#   - a run whose estimated memory exceeds --max-memory is refused with exit 2 and exactly one
#     line (the estimate, the limit, the option), before anything is simulated or created;
#   - the same run goes with a larger --max-memory;
#   - a run that would exceed the machine's available memory is refused without the option;
#   - every command that runs the engine (run, sweep, size, allocate, calibrate) refuses alike;
#   - the estimate printed on the size line is within 0.5x to 2x of the measured peak RSS (GNU
#     time's %M) for scenarios of different sizes: the process alone (minimal), the weekly
#     series of the replications in flight (Somerset, 4 replications; and under --precision,
#     which streams them too: an estimate that still counted its 24 replications' series as
#     held, 138 MB, would be 2.5 times the peak) and the people in the system (one locality of
#     fifty million: without them a sixth), so an estimate that left one of them out, or
#     counted one twice, would fall outside the band. Peak RSS of a given run varies by a few
#     per cent from run to run, far inside the band, so the check is not flaky.
. "$(dirname "$0")/lib.sh"
minimal=$top/scenarios/minimal.yaml
somerset=$top/scenarios/somerset.yaml
big=$top/tests/robustness/estimate_big.yaml
refusal='; --max-memory GB sets another limit'

# Refused: the exact line, exit 2, no file and no lock, nothing simulated.
mkdir "$work/refused"
expect_only 2 "spsim: refused: the run needs about 37 MB of memory (estimated from the scenario) but --max-memory allows 1 MB$refusal" \
  -- "$spsim" run "$minimal" -o "$work/refused/out.h5" --max-memory 0.001
no_leftovers "$work/refused"
# The override lets the same run go.
expect 0 "about 37 MB of memory" -- "$spsim" run "$minimal" -r 100 -j 2 -o "$work/refused/out.h5" --max-memory 1
check "$([ -s "$work/refused/out.h5" ] && echo 0 || echo 1)" "--max-memory 1 did not let the run write its file"
expect 2 "needs a number of gigabytes above 0" -- "$spsim" run "$minimal" --max-memory -1

# The machine's own limit: a sweep holds every replication's weekly series of each variant,
# and 100,000 replications of Somerset need far more than any machine this runs on (421 GB).
mkdir "$work/machine"
expect 2 "available (" -- "$spsim" sweep "$somerset" --vary reneging.median_weeks=6,12 -r 100000 -o "$work/machine/out.h5"
check "$(grep -qE '^spsim: refused: the run needs about [0-9.]+ [GT]B of memory \(estimated from the scenario\) but the machine has [0-9.]+ [kMG]B available \((MemAvailable|the cgroup)' "$work/err" && echo 0 || echo 1)" "the machine's refusal does not say the estimate"
no_leftovers "$work/machine"

# Every command that runs the engine refuses through the same check.
expect_only 2 "spsim: refused: the run needs about 70.3 MB of memory (estimated from the scenario) but --max-memory allows 1 MB$refusal" \
  -- "$spsim" sweep "$minimal" --vary reneging.median_weeks=6,12 -o "$work/refused/sweep.h5" --max-memory 0.001
expect_only 2 "spsim: refused: the run needs about 70.3 MB of memory (estimated from the scenario) but --max-memory allows 1 MB$refusal" \
  -- "$spsim" size "$minimal" --arm base --target 'wait_mean_weeks <= 4' -o "$work/refused/plan.yaml" --max-memory 0.001
expect_only 2 "spsim: refused: the run needs about 70.3 MB of memory (estimated from the scenario) but --max-memory allows 1 MB$refusal" \
  -- "$spsim" allocate "$minimal" --arm base --budget 100000 --max-memory 0.001
expect 2 "--max-memory allows 1 MB$refusal" \
  -- "$spsim" calibrate "$top/calibration/local_example_scenario.yaml" "$top/calibration/local_example.yaml" -o "$work/refused/fit.yaml" --max-memory 0.001
no_leftovers "$work/refused" out.h5

# Estimate against measured peak RSS.
accuracy() {
  local name=$1; shift
  /usr/bin/time -f '%M' -o "$work/rss" "$spsim" run "$@" -o "$work/$name.h5" >/dev/null 2>"$work/err"
  local status=$? kib estimate
  kib=$(tail -n 1 "$work/rss")
  estimate=$(sed -nE 's/.*; about ([0-9.]+) (MB|GB) of memory and .*/\1 \2/p' "$work/err" | head -n 1)
  if [ "$status" != 0 ] || [ -z "$estimate" ]; then
    fail "$name: the run failed or printed no estimate: $(cat "$work/err")"
    return
  fi
  local ratio
  ratio=$(awk -v e="$estimate" -v k="$kib" 'BEGIN { split(e, p, " "); mb = p[1] * (p[2] == "GB" ? 1000 : 1);
    printf "%.2f", mb / (k * 1.024 / 1000) }')
  echo "$name: estimate $estimate, measured $((kib / 1024)) MiB peak RSS, ratio $ratio"
  check "$(awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5 && r <= 2) }' && echo 0 || echo 1)" \
    "$name: estimate $estimate against a peak RSS of $kib KiB (ratio $ratio, allowed 0.5-2)"
}
# Under AddressSanitizer the peak is the sanitizer's (freed blocks wait in its quarantine), not
# the model's: the accuracy is checked in the plain build only.
if ldd "$spsim" 2>/dev/null | grep -q 'libasan'; then
  echo "built with AddressSanitizer: the estimate's accuracy is checked in the plain build"
elif [ -x /usr/bin/time ]; then
  accuracy minimal "$minimal" -r 8 -j 2
  accuracy somerset "$somerset" -r 4 -j 2
  # --precision streams each replication's weekly series as a plain run does
  accuracy somerset_precision "$somerset" --precision 1 -r 24 --max-replications 24 -j 2
  accuracy big "$big" -r 2 -j 2
else
  fail "GNU time (/usr/bin/time, Debian package time) is needed to measure peak memory"
fi
finish
