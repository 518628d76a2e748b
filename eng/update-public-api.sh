#!/usr/bin/env bash
# Regenerates the public API baseline of every package under src/ from the code.
#
#   eng/update-public-api.sh          rewrite each src/<Package>/PublicAPI.Unshipped.txt: every public
#                                     symbol that is not in PublicAPI.Shipped.txt, sorted
#   eng/update-public-api.sh --ship   at a release: move every Unshipped entry into Shipped
#
# The build checks the baseline (Microsoft.CodeAnalysis.PublicApiAnalyzers: RS0016 for a public
# symbol missing from it, RS0017 for an entry whose symbol is gone). Run this after changing public
# API, or after a merge that brought in API from both sides, and commit the .txt files with the code.
# Entries are sorted one per line, so concurrent additions merge like any other text.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

header='#nullable enable'
# Each package after the packages it references (its build here does not rebuild them): Caio.Core,
# then the provider abstractions, then the providers, then everything else.
mapfile -t projects < <(ls src/Caio.Core/Caio.Core.csproj src/Caio.Providers.Abstractions/*.csproj;
  ls src/Caio.Providers.*/*.csproj | grep -v '^src/Caio.Providers.Abstractions/';
  ls src/*/*.csproj | grep -v -e '^src/Caio.Core/' -e '^src/Caio.Providers\.')

write_sorted() { # file, entries on stdin
  local entries
  entries="$(grep -v -e '^#nullable' -e '^[[:space:]]*$' || true)"
  {
    echo "$header"
    if [ -n "$entries" ]; then LC_ALL=C sort -u <<<"$entries"; fi
  } > "$1"
}

build() { # project -> build output (never fails the script); Caio.Core is built first, the others on its output
  local references=true
  [ "$1" = "src/Caio.Core/Caio.Core.csproj" ] || references=false
  dotnet build "$1" -c Release -nologo -v q -clp:NoSummary -p:BuildProjectReferences=$references 2>&1 || true
}

other_errors() { # build output of one project -> errors that are not about the baseline
  grep -E ': error [A-Z]+[0-9]+:' | grep -vE ': error RS00(16|17|36|37):' || true
}

for project in "${projects[@]}"; do
  dir="$(dirname "$project")"
  shipped="$dir/PublicAPI.Shipped.txt"
  unshipped="$dir/PublicAPI.Unshipped.txt"
  [ -f "$shipped" ] || echo "$header" > "$shipped"
  [ -f "$unshipped" ] || echo "$header" > "$unshipped"

  if [ "${1:-}" = "--ship" ]; then
    cat "$shipped" <(grep -v -e '^\*REMOVED\*' "$unshipped") | write_sorted "$shipped.new"
    # A shipped symbol marked *REMOVED* leaves the shipped baseline.
    grep '^\*REMOVED\*' "$unshipped" | sed 's/^\*REMOVED\*//' > "$dir/.removed" || true
    grep -vxF -f "$dir/.removed" "$shipped.new" | write_sorted "$shipped"
    rm -f "$shipped.new" "$dir/.removed"
    echo "$header" > "$unshipped"
    echo "$dir: unshipped API moved to PublicAPI.Shipped.txt"
    continue
  fi

  # Keep deliberate removals of shipped API; everything else is recomputed from the code.
  removed="$(grep '^\*REMOVED\*' "$unshipped" || true)"
  cp "$unshipped" "$unshipped.before"
  printf '%s\n' "$removed" | write_sorted "$unshipped"
  full="$(cd "$dir" && pwd)/$(basename "$project")"
  output="$(build "$project" | grep -F "[$full]" || true)"
  if [ -n "$(other_errors <<<"$output")" ]; then
    echo "$project does not build; fix these first:" >&2
    other_errors <<<"$output" | sort -u >&2
    mv "$unshipped.before" "$unshipped" # a failed build leaves the baseline as it was
    exit 1
  fi
  missing="$(grep -oE "RS0016: Symbol '.*' is not part of the declared public API" <<<"$output" \
    | sed -E "s/^RS0016: Symbol '(.*)' is not part of the declared public API$/\1/" || true)"
  printf '%s\n%s\n' "$removed" "$missing" | write_sorted "$unshipped"
  rm -f "$unshipped.before"
  # A build that failed on the baseline left no assembly: build again so the packages built next
  # compile against this one's current API, not a stale copy.
  [ -z "$missing" ] || build "$project" >/dev/null
  echo "$dir: $(($(wc -l < "$unshipped") - 1)) unshipped, $(($(wc -l < "$shipped") - 1)) shipped entries"
done

# Verify: every package builds clean against its baseline.
status=0
for project in "${projects[@]}"; do
  full="$(cd "$(dirname "$project")" && pwd)/$(basename "$project")"
  problems="$(build "$project" | grep -F "[$full]" | grep -E 'RS00(16|17|36|37)' | sed -E 's/^.*(RS00[0-9]+: .*) \(https.*$/\1/' | sort -u || true)"
  if [ -n "$problems" ]; then
    status=1
    echo "$project: the baseline still disagrees with the code:" >&2
    echo "$problems" >&2
    echo "(RS0017 on a shipped symbol: removing shipped API is a breaking change; if intended, add the line prefixed with *REMOVED* to PublicAPI.Unshipped.txt.)" >&2
  fi
done
exit "$status"
