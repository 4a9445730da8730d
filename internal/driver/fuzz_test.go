package driver

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/concurlint/concurlint"
)

// FuzzPrograms analyses generated concurrency programs (see progen) and
// checks what must hold without knowing the right findings:
//
//   - nothing panics, and the generated program type-checks;
//   - standalone, go vet -vettool and -via-vet give the same findings;
//   - a package's findings do not change when a sibling package is
//     broken.
//
// Each input costs several seconds of CPU (three runs of the command, with
// the go command loading the standard library each time), so CI runs it
// for a bounded time; the seed corpus in testdata/fuzz/FuzzPrograms runs
// with every go test.
func FuzzPrograms(f *testing.F) {
	bin := build(f, "cmd/concurlint")
	if len(concurlint.Analyzers) == 0 {
		f.Skip("the suite has no passes yet")
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkProgram(t, bin, data) })
}

// checkProgram generates the program of data and checks the invariants.
func checkProgram(t *testing.T, bin string, data []byte) {
	{
		src := (&progen{data: data}).program()
		roots := "-reqpath.roots=p.S.Handle"
		clean := writeModule(t, map[string]string{"p/p.go": src, "dep/dep.go": depSource})
		broken := writeModule(t, map[string]string{"p/p.go": src, "dep/dep.go": depSource, "q/q.go": "package q\n\nfunc G() { undefinedThing() }\n"})
		// The runs go at once: each waits mostly for the go command,
		// and the fuzzing engine gives an input ten seconds. To keep
		// to three runs, the broken sibling goes to the standalone
		// driver for inputs of even length and to -via-vet for the
		// others; since go vet and the standalone driver must agree on
		// every input, each pair of modes is compared somewhere.
		type result struct {
			code      int
			out, errs string
		}
		type mode struct {
			name string
			dir  string
			args []string
			vet  bool // findings are on stderr, in go vet's format
		}
		third := mode{"standalone with a broken sibling", broken, []string{bin, roots, "./..."}, false}
		if len(data)%2 == 1 {
			third = mode{"-via-vet with a broken sibling", broken, []string{bin, roots, "-via-vet", "./..."}, false}
		}
		runs := []mode{
			{"standalone", clean, []string{bin, roots, "./p"}, false},
			{"go vet -vettool", clean, []string{"go", "vet", "-vettool=" + bin, roots, "./p"}, true},
			third,
		}
		results := make([]result, len(runs))
		var wg sync.WaitGroup
		for i, r := range runs {
			wg.Go(func() {
				code, out, errs := exe(t, r.dir, r.args[0], r.args[1:]...)
				results[i] = result{code, out, errs}
			})
		}
		wg.Wait()
		if code := results[0].code; code == ExitError || code == ExitUsage {
			t.Fatalf("standalone: exit %d\n%s\nprogram:\n%s", code, results[0].errs, numbered(src))
		}
		want := findings(results[0].out)
		for i, r := range runs {
			res := results[i]
			if strings.Contains(res.errs, "panic") || strings.Contains(res.errs, "internal error") {
				t.Fatalf("%s: %s\nprogram:\n%s", r.name, res.errs, numbered(src))
			}
			got := findings(res.out)
			if r.vet {
				got = findings(res.errs)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s differs from standalone:\n%s\nwant:\n%s\nprogram:\n%s", r.name, strings.Join(got, "\n"), strings.Join(want, "\n"), numbered(src))
			}
		}
	}
}

// findingLine matches the first line of a finding of package p, in the
// text format ("p/p.go:3:4: message [pass/category]") or in go vet's
// ("p/p.go:3:4: message"), leaving out related information, which both
// indent.
var findingLine = regexp.MustCompile(`^(p/p\.go:\d+:\d+: )([^\t].*?)( \[[a-z/-]+\])?$`)

// findings returns the findings in output, sorted.
func findings(output string) []string {
	var out []string
	for _, l := range strings.Split(output, "\n") {
		if m := findingLine.FindStringSubmatch(l); m != nil {
			out = append(out, m[1]+m[2])
		}
	}
	slices.Sort(out)
	return out // not compacted: a finding printed twice is a difference too
}

// numbered returns src with line numbers, for failure messages.
func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d", i+1)
		b.WriteString("\t")
		b.WriteString(l)
		b.WriteString("\n")
	}
	return b.String()
}
