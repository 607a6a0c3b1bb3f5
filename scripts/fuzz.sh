#!/usr/bin/env bash
# Coverage-guided fuzzing of the GATT decoders: SharpFuzz instruments MindMuscle.Live.Core.dll, libFuzzer mutates,
# our driver (tests/fuzz/driver) carries inputs and edge coverage between the two. See docs/reliability.md.
#
#   scripts/fuzz.sh                      every target, 1,000,000 runs each
#   RUNS=100000 scripts/fuzz.sh Rsc      one target, fewer runs
#   scripts/fuzz.sh --replay HeartRate artifacts/fuzz/crashes/HeartRate/crash-...   reproduce a crash in plain .NET
#
# Needs: clang-14 (or clang++) and libFuzzer (Debian: clang-14 libfuzzer-14-dev), the .NET SDK, and the local dotnet
# tool SharpFuzz.CommandLine (.config/dotnet-tools.json; `dotnet tool restore`).
# Output: artifacts/fuzz/{corpus,crashes,logs}/<target>/ and artifacts/fuzz/summary.tsv (target, runs, seconds,
# exec/s, corpus size, coverage features, crashes). Exit 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-1000000}
MAX_LEN=${MAX_LEN:-512}   # an ATT value is at most 512 bytes
ALL_TARGETS=(HeartRate Rsc CyclingPower Battery BodySensorLocation RunningDynamics SampleDecoder Fit)
out="$root/artifacts/fuzz"
pub="$out/bin"
driver="$out/mml-libfuzzer-driver"

if [ "${1:-}" = "--replay" ]; then
  shift
  exec dotnet run --project tests/fuzz/MindMuscle.Live.Fuzz -c Release -- "$@"
fi

self_test=0
if [ "${1:-}" = "--self-test" ]; then self_test=1; shift; fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")

cxx=""
for c in clang++-14 clang++; do command -v "$c" >/dev/null 2>&1 && { cxx=$c; break; }; done
if [ -z "$cxx" ]; then
  echo "fuzz: no clang++ found; install clang-14 and libfuzzer-14-dev (apt-get install -y clang-14 libfuzzer-14-dev)" >&2
  exit 2
fi

mkdir -p "$out"
echo "fuzz: publishing the harness (Release)" >&2
rm -rf "$pub"
dotnet publish tests/fuzz/MindMuscle.Live.Fuzz -c Release -o "$pub" --nologo -v q >&2
dotnet tool restore >/dev/null
echo "fuzz: instrumenting MindMuscle.Live.Core.dll with SharpFuzz" >&2
dotnet tool run sharpfuzz "$pub/MindMuscle.Live.Core.dll" >&2

echo "fuzz: building the libFuzzer driver with $cxx" >&2
src=tests/fuzz/driver/mml_libfuzzer_driver.cc
# -fsanitize=fuzzer needs compiler-rt's fuzzer runtime (libclang-rt-14-dev); Debian's libfuzzer-14-dev ships the same
# engine as a plain static library, so fall back to instrumenting for coverage and linking that archive. The object is
# compiled separately: clang adds the UBSan runtime to a link that has -fsanitize-coverage but no sanitizer.
if ! "$cxx" -O1 -fsanitize=fuzzer "$src" -o "$driver" 2>/dev/null; then
  libfuzzer=""
  for a in /usr/lib/llvm-14/lib/libFuzzer.a /usr/lib/llvm-*/lib/libFuzzer.a; do [ -f "$a" ] && { libfuzzer=$a; break; }; done
  if [ -z "$libfuzzer" ]; then
    echo "fuzz: neither the compiler-rt fuzzer runtime nor libFuzzer.a is installed (apt-get install -y libfuzzer-14-dev)" >&2
    exit 2
  fi
  "$cxx" -O1 -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp -c "$src" -o "$out/mml_libfuzzer_driver.o"
  "$cxx" "$out/mml_libfuzzer_driver.o" "$libfuzzer" -lpthread -o "$driver"
fi

if [ $self_test -eq 1 ]; then
  # The harness throws on inputs of 2+ bytes starting "M": libFuzzer must stop with a crash file, or crashes would go unseen.
  rm -rf "$out/selftest"; mkdir -p "$out/selftest/corpus" "$out/selftest/crashes"
  set +e
  MML_FUZZ_COMMAND="dotnet $pub/MindMuscle.Live.Fuzz.dll SelfTestCrash" \
    "$driver" -runs=500000 -max_len=16 -artifact_prefix="$out/selftest/crashes/" "$out/selftest/corpus" > "$out/selftest/log" 2>&1
  rc=$?
  set -e
  crash=$(find "$out/selftest/crashes" -name 'crash-*' | head -1)
  if [ $rc -ne 0 ] && [ -n "$crash" ] && head -c 2 "$crash" | grep -q '^M'; then
    echo "fuzz: self-test ok: libFuzzer exited $rc and saved $(basename "$crash") = $(xxd -p "$crash")" >&2
    exit 0
  fi
  echo "fuzz: self-test FAILED: exit $rc, crash file '${crash}'" >&2
  tail -n 20 "$out/selftest/log" >&2
  exit 1
fi

summary="$out/summary.tsv"
printf 'target\truns\tseconds\texec_per_s\tcorpus\tfeatures\tcrashes\n' > "$summary"
failed=0
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"; crashes="$out/crashes/$t"; log="$out/logs/$t.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
  max_len=$MAX_LEN
  [ "$t" = Fit ] && max_len=${FIT_MAX_LEN:-4096}   # a FIT file, not an ATT value: room for a few records and laps
  echo "fuzz: $t, $RUNS runs" >&2
  start=$(date +%s.%N)
  set +e
  MML_FUZZ_COMMAND="dotnet $pub/MindMuscle.Live.Fuzz.dll $t" \
    "$driver" -runs="$RUNS" -max_len="$max_len" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$corpus" "tests/fuzz/corpus/$t" > "$log" 2>&1
  rc=$?
  set -e
  end=$(date +%s.%N)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  done_runs=$(grep -oP '^stat::number_of_executed_units:\s*\K[0-9]+' "$log" || echo 0)
  features=$(grep -oP 'ft: \K[0-9]+' "$log" | tail -1 || echo 0)
  size=$(find "$corpus" -type f | wc -l)
  ncrash=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  rate=$(awk -v r="$done_runs" -v s="$seconds" 'BEGIN { if (s > 0) printf "%.0f", r / s; else print 0 }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$done_runs" "$seconds" "$rate" "$size" "${features:-0}" "$ncrash" >> "$summary"
  if [ $rc -ne 0 ] || [ "$ncrash" -ne 0 ]; then
    echo "fuzz: $t FAILED (exit $rc, $ncrash crash files in $crashes); log: $log" >&2
    tail -n 30 "$log" >&2
    failed=1
  else
    echo "fuzz: $t ok: $done_runs runs in ${seconds}s, $size corpus inputs, ${features:-0} features, 0 crashes" >&2
  fi
done

column -t -s $'\t' "$summary" >&2 || cat "$summary" >&2
exit $failed
