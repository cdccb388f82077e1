#!/usr/bin/env bash
# Runs an AddressSanitizer build of `ateliers` (LeakSanitizer included) on every input the project has: `check`
# on each fixture file (the hostile corpus included) and on the seeds, `export` of every feed kind for the seeds
# with attendees and for a generated programme with attendees, `import` and `suggest` on the seeds. Statuses 0-2
# are the tool's answers; any sanitizer report fails the run, with the command that produced it.
#
#   Tests/sanitize/run.sh .build-asan/debug/ateliers
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=$1
WORK=$(mktemp -d /tmp/ateliers-sanitize.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1693526400
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=1:exitcode=86:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan-suppressions.txt:print_suppressions=0:exitcode=86"
runs=0
reports=0
run() {
  runs=$((runs + 1))
  "$BIN" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  local status=$?
  if [ $status -gt 2 ] || grep -q "Sanitizer" "$WORK/stderr"; then
    reports=$((reports + 1))
    echo "sanitize: status $status for: ateliers $*" >&2
    head -40 "$WORK/stderr" >&2
  fi
}

while IFS= read -r -d '' file; do
  case "$file" in
    *.yaml|*.yml|*.ics|*.xml|*.json) run check "$file" ;;
    *.csv|*.txt) run check --timezone Europe/Paris "$file" ;;
  esac
done < <(find Tests/AteliersTests/Fixtures Tests/AteliersCLITests/Fixtures -type f -print0 | sort -z)
run check seeds/ examples/event.yaml
run import seeds/ examples/event.yaml -o "$WORK/programme.yaml"
run suggest seeds/ examples/event.yaml
run export seeds/ examples/event.yaml --attendees examples/picks.csv --alarm 10 --out "$WORK/seeds"
run generate --sessions 2000 --rooms 40 --days 3 --attendees 500 --picks 8 --seed 7 --out "$WORK/generated"
run export "$WORK/generated/programme.yaml" --attendees "$WORK/generated/picks.csv" --force --out "$WORK/feeds"
# Again over the same folder: the state store read back, SEQUENCE numbers and unchanged files kept.
run export "$WORK/generated/programme.yaml" --attendees "$WORK/generated/picks.csv" --force --out "$WORK/feeds"
run export "$WORK/generated/programme.yaml" --force --format frab-xml --out "$WORK/schedule"
echo "sanitize: $runs runs of the AddressSanitizer build, $reports with a sanitizer report"
[ $reports -eq 0 ]
