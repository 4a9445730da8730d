#!/usr/bin/env bash
# samefindings.sh checks that two concurlint binaries report the same
# findings on the same packages: a change meant to make the analysis
# cheaper must not change what it finds. It runs each binary on the
# packages, keeps the finding lines (file:line:col: message), sorts them
# and diffs them; it exits 0 when they are the same, 1 when they differ.
#
# Usage: bench/samefindings.sh [-vet] OLD NEW DIR PATTERN...
#   -vet     run the binaries as go vet -vettool instead of standalone
#   OLD NEW  the two concurlint binaries
#   DIR      a module directory to run in (e.g. a copy of the corpus)
#   PATTERN  package patterns (e.g. github.com/IBM/sarama/...)
#
# Both binaries run with the same environment, one after the other, so
# the comparison does not depend on the machine's load. Under -vet each
# binary gets a fresh identity (a stamp after the executable's end, which
# -V=full hashes), so that go vet cannot replay one binary's cached
# results for the other.
set -euo pipefail

vet=false
if [ "${1:-}" = "-vet" ]; then
	vet=true
	shift
fi
if [ $# -lt 4 ]; then
	echo "usage: $0 [-vet] OLD NEW DIR PATTERN..." >&2
	exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
dir=$3
shift 3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# findings NAME BIN PATTERN... runs BIN on the patterns and writes its
# sorted finding lines to $out/NAME.
findings() {
	local name=$1 bin=$2
	shift 2
	if $vet; then
		cp "$bin" "$out/$name.bin"
		printf 'samefindings %s %s' "$name" "$(date +%s%N)" >>"$out/$name.bin"
		(cd "$dir" && go vet -vettool="$out/$name.bin" "$@") >"$out/$name.raw" 2>&1 || true
	else
		(cd "$dir" && "$bin" "$@") >"$out/$name.raw" 2>&1 || true
	fi
	# Finding lines only: go vet's "# package" headers and the
	# standalone mode's summary differ between the routes.
	grep -E '\.go:[0-9]+:[0-9]+: ' "$out/$name.raw" | LC_ALL=C sort >"$out/$name" || true
}

findings old "$old" "$@"
findings new "$new" "$@"

n_old=$(wc -l <"$out/old")
n_new=$(wc -l <"$out/new")
if diff -u --label old --label new "$out/old" "$out/new"; then
	echo "same findings: $n_old lines" >&2
	exit 0
fi
echo "findings differ: $n_old lines before, $n_new after" >&2
exit 1
