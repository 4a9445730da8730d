#!/usr/bin/env bash
# compare.sh measures concurlint against plain `go vet` on the same packages:
# wall time and peak memory (the largest resident set of any process in the
# run, as GNU time reports it), for
#
#   1. go vet                                  (its default analyzers)
#   2. go vet -vettool=concurlint              (all concurlint passes)
#   3. concurlint (standalone, in one process)
#
# and prints each against go vet as a ratio, from one run of each, with the
# machine's load average (1 minute) before each run: on a shared machine,
# wall time is only comparable between runs at a similar load, while CPU
# time and peak memory move much less.
#
# Usage: bench/compare.sh DIR PATTERN...
#   DIR      a module directory to run in (e.g. a copy of ../shared/corpus)
#   PATTERN  package patterns (e.g. github.com/IBM/sarama/...)
#
# CONCURLINT=path measures that binary instead of building one from this
# checkout (to measure the same binary several times).
#
# Compilation is shared: a warm-up `go vet` fills the build cache, so the
# measured runs differ only in analysis. Each measured vet run passes a flag
# with a fresh value (go vet) or uses a binary with a fresh identity
# (concurlint: a stamp appended after the executable's end, which the loader
# ignores and -V=full hashes), so that go vet cannot replay cached results.
set -euo pipefail

if [ $# -lt 2 ]; then
	echo "usage: $0 DIR PATTERN..." >&2
	exit 2
fi
dir=$1
shift
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

command -v /usr/bin/time >/dev/null || { echo "compare.sh needs GNU time (apt-get install time)" >&2; exit 2; }
command -v bc >/dev/null || { echo "compare.sh needs bc (apt-get install bc)" >&2; exit 2; }

if [ -n "${CONCURLINT:-}" ]; then
	cp "$CONCURLINT" "$out/concurlint"
else
	echo "building concurlint from $here" >&2
	(cd "$here" && go build -o "$out/concurlint" ./cmd/concurlint)
fi

cd "$dir"
echo "warming the build cache (go vet once)" >&2
go vet "$@" >/dev/null 2>&1 || true

stamp=$(date +%s%N)
printf 'bench %s' "$stamp" >>"$out/concurlint"

# measure NAME CMD... runs CMD under GNU time and records seconds and KiB.
measure() {
	local name=$1
	shift
	local load
	load=$(cut -d' ' -f1 /proc/loadavg)
	/usr/bin/time -f "%e %M %U %S" -o "$out/$name.time" "$@" >"$out/$name.out" 2>&1 || true
	# GNU time puts "Command exited with non-zero status N" first when the
	# command reports findings; the figures are on the last line.
	read -r secs kib usr sys < <(tail -n 1 "$out/$name.time")
	echo "$name $secs $kib $(echo "$usr + $sys" | bc) $load" >>"$out/results"
}

measure vet go vet "-printf.funcs=bench$stamp" "$@"
measure vettool go vet -vettool="$out/concurlint" "$@"
measure standalone "$out/concurlint" "$@"

awk -v pkgs="$*" '
	{ secs[$1] = $2; kib[$1] = $3; cpu[$1] = $4; load[$1] = $5 }
	END {
		printf "packages: %s\n\n", pkgs
		printf "%-30s %9s %8s %11s %9s %8s %8s %6s\n", "run", "wall (s)", "cpu (s)", "peak (MiB)", "time/vet", "cpu/vet", "mem/vet", "load"
		n = split("vet vettool standalone", order, " ")
		label["vet"] = "go vet"
		label["vettool"] = "go vet -vettool=concurlint"
		label["standalone"] = "concurlint (standalone)"
		for (i = 1; i <= n; i++) {
			r = order[i]
			printf "%-30s %9.1f %8.1f %11.0f %8.2fx %7.2fx %7.2fx %6s\n", label[r], secs[r], cpu[r], kib[r]/1024, secs[r]/secs["vet"], cpu[r]/cpu["vet"], kib[r]/kib["vet"], load[r]
		}
	}' "$out/results"

for r in vettool standalone; do
	n=$(grep -c '\.go:[0-9]*:[0-9]*: ' "$out/$r.out" || true)
	echo "$r: $n finding lines" >&2
done
