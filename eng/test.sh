#!/usr/bin/env bash
# Runs every test project of the solution and prints one line: "N passed, N failed".
# Installs what the tests need when it is missing (none of it needs credentials or network
# beyond the package sources), restores, builds once, then runs the tests.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

configuration="${CONFIGURATION:-Release}"
results="$root/artifacts/test-results"

need_apt=()
# Later suites start a real redis-server and drive Debian's Chromium; install them when missing.
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ "${#need_apt[@]}" -gt 0 ] && [ "${CAIO_SKIP_INSTALL:-0}" != "1" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing test prerequisites: ${need_apt[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null 2>&1 \
      || echo "warning: could not install ${need_apt[*]}; tests that need them will fail" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore Caio.Sdk.sln || { echo "0 passed, 1 failed"; exit 1; }
dotnet build Caio.Sdk.sln -c "$configuration" --no-restore || { echo "0 passed, 1 failed"; exit 1; }

rm -rf "$results"
mkdir -p "$results"
# A test that hangs must not hang the run: after CAIO_TEST_HANG_TIMEOUT without progress the test host
# is stopped and the test it was running is named; a project still running after CAIO_TEST_PROJECT_TIMEOUT
# is stopped as well. Either way the run goes on and counts the project as failed.
hang_timeout="${CAIO_TEST_HANG_TIMEOUT:-5m}"
project_timeout="${CAIO_TEST_PROJECT_TIMEOUT:-25m}"
status=0
aborted=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  if ! timeout --kill-after=30s "$project_timeout" dotnet test "$project" -c "$configuration" --no-build \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none; then
    status=1
    trx="$results/$name.trx"
    # A run that was stopped (hang, crash, timeout) can leave results without a failed test: count it once.
    # A project without results at all is counted below.
    if [ -f "$trx" ] && grep -q '<Counters [^>]* failed="0"' "$trx"; then
      aborted=$((aborted + 1))
    fi
    echo "error: $name failed or did not complete (see above: a failed test, a hung test, a crashed test host, or a run past $project_timeout)" >&2
  fi
done

passed=0
failed=$aborted
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# A project that crashed before writing results counts as a failure.
expected="$(ls tests/*/*.Tests.csproj | wc -l)"
actual="$(ls "$results"/*.trx 2>/dev/null | wc -l)"
if [ "$actual" -lt "$expected" ]; then
  failed=$((failed + expected - actual))
  status=1
fi
[ "$failed" -eq 0 ] || status=1

echo "$passed passed, $failed failed"
exit "$status"
