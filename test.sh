#!/usr/bin/env bash
# Runs every check Rampart's CI runs: build with warnings as errors, formatting, and all tests.
# Prints a plain "N passed, N failed" line and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

echo "== ONNX backend node tests (Debian libonnx-testdata) and reference checker (python3-onnx)"
# The ONNX conformance test reads /usr/share/libonnx-testdata; without it that test fails loudly unless
# RAMPART_SKIP_ONNX_CONFORMANCE=1 is set. The ai.onnx.ml checker test runs onnx.checker from python3-onnx and is
# skipped (with the reason printed) without it. Installing is best effort: apt may be missing or not ours to use.
if [ ! -d /usr/share/libonnx-testdata ] || ! /usr/bin/python3 -c 'import onnx' >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libonnx-testdata python3-onnx; } >/dev/null 2>&1 \
      || echo "could not install libonnx-testdata / python3-onnx; the ONNX conformance test will fail unless RAMPART_SKIP_ONNX_CONFORMANCE=1"
  else
    echo "apt-get not found; the ONNX conformance test will fail unless RAMPART_SKIP_ONNX_CONFORMANCE=1"
  fi
fi

echo "== restore and build (warnings are errors)"
dotnet build Rampart.slnx -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

echo "== format check"
format_failed=0
dotnet format Rampart.slnx --verify-no-changes --no-restore -v quiet || { echo "dotnet format found changes to make (run: dotnet format Rampart.slnx)"; format_failed=1; }

echo "== tests"
test_exit=0
# One results folder per test project, so that no two result files can collide.
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results/$name" || test_exit=1
done

passed=0; failed=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
failed=$((failed + format_failed))
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then echo "no tests ran"; failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
