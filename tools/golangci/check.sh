#!/usr/bin/env bash
# check.sh builds golangci-lint v2.15.0 with the concurlint module plugin
# (the binary "golangci-lint custom" would build, see main.go) through the
# Go module proxy, and runs it over testdata/mod with each configuration
# there, comparing concurlint's lockawait findings with testdata/want:
#
#   .golangci.yml           settings: lockawait.fileio and an extra-blocking
#                           entry (three findings; a //nolint:concurlint
#                           finding stays suppressed)
#   defaults.golangci.yml   no settings (one finding)
#   off.golangci.yml        lockawait switched off (none)
#   bad.golangci.yml        a misspelt option: the run fails naming it
#
# Usage: tools/golangci/check.sh [-o BINARY]
#   -o BINARY  where to put the custom golangci-lint (default: a temporary
#              file, removed at the end)
#
# Needs Go 1.26 or later (golangci-lint v2.15.0's go.mod says go 1.26.0)
# and the module proxy. A cold module and build cache costs several
# minutes; see docs/integrations.md (golangci-lint) for the measured times.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/custom-gcl
if [ "${1:-}" = "-o" ] && [ -n "${2:-}" ]; then
	bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
elif [ $# -gt 0 ]; then
	echo "usage: $0 [-o BINARY]" >&2
	exit 2
fi

fail() {
	echo "check.sh: FAIL: $*" >&2
	exit 1
}

cd "$here"
# golangci-lint is compiled against the x/tools it pins; the plugin against
# the main module's. Minimal version selection would quietly build both
# with the newer one, so insist that they agree.
ours=$(cd ../.. && go list -m -f '{{.Version}}' golang.org/x/tools)
theirs=$(go list -m -f '{{.Version}}' golang.org/x/tools)
if [ "$ours" != "$theirs" ]; then
	fail "golang.org/x/tools is $ours in the main module but $theirs in tools/golangci (golangci-lint's); keep them in step"
fi

echo "== building golangci-lint with the concurlint plugin (x/tools $ours)"
start=$(date +%s)
if ! go build -o "$bin" . 2>"$work/build.err"; then
	cat "$work/build.err" >&2
	fail "go build in tools/golangci failed (see above)"
fi
echo "built $bin in $(($(date +%s) - start)) s: $("$bin" version)"

cd testdata/mod
export GOLANGCI_LINT_CACHE=$work/lint-cache
status=0

# run CONFIG: runs the binary with CONFIG; sets out (stdout), rc.
run() {
	set +e
	"$bin" run -c "$1" --show-stats=false --max-same-issues=0 --max-issues-per-linter=0 \
		--output.text.print-issued-lines=false ./... >"$work/out" 2>"$work/err"
	rc=$?
	set -e
}

for cfg in .golangci.yml defaults.golangci.yml off.golangci.yml; do
	run "$cfg"
	want=../want/${cfg#.}.txt
	# Exit code 1 means "issues found"; anything else is an error.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		cat "$work/err" >&2
		fail "$cfg: golangci-lint exited with $rc"
	fi
	grep ': lockawait' "$work/out" | sort >"$work/got" || true
	if ! diff -u "$want" "$work/got" >"$work/diff"; then
		echo "--- $cfg: lockawait findings differ from $want:" >&2
		cat "$work/diff" >&2
		status=1
	else
		echo "ok   $cfg: $(wc -l <"$work/got") lockawait findings as expected"
	fi
	if grep -v ': lockawait' "$work/out" | grep -q .; then
		echo "note $cfg: other findings (not checked):"
		grep -v ': lockawait' "$work/out" | sed 's/^/     /'
	fi
done

run bad.golangci.yml
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || ! grep -q 'unknown option "fileoi"' "$work/err"; then
	cat "$work/out" "$work/err" >&2
	echo "--- bad.golangci.yml: want a failure naming the option fileoi, got exit $rc" >&2
	status=1
else
	echo "ok   bad.golangci.yml: exit $rc, $(grep -o 'settings.lockawait: unknown option "fileoi"' "$work/err" | head -1)"
fi

[ "$status" -eq 0 ] || fail "the custom golangci-lint did not report what testdata/want expects"
echo "== ok"
