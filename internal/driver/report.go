package driver

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/baseline"
	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/diff"
	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/fix"
	"github.com/concurlint/concurlint/internal/newcode"
	"github.com/concurlint/concurlint/internal/sarif"
	"github.com/concurlint/concurlint/internal/srcinfo"
)

// report filters the results (baseline, new-from-rev), applies fixes,
// prints, and returns the exit code.
func report(res *results, o *options, suite []*analysis.Analyzer, cfg *config.Config, wd string, stdout, stderr io.Writer) int {
	failed := len(res.messages) > 0 || len(res.errors) > 0
	for _, m := range res.messages {
		fmt.Fprintln(stderr, relPrefix(wd, m))
	}
	for _, m := range res.notices {
		fmt.Fprintf(stderr, "%s: %s\n", progName, relPrefix(wd, m))
	}
	for _, e := range groupErrors(res.errors) {
		fmt.Fprintf(stderr, "%s: %v\n", progName, e)
	}

	fs := finding.SortDedupe(res.findings)
	// Findings in excluded and generated files are dropped as they are
	// reported; go vet's output was filtered by the vet tool the same
	// way. Filter again here for findings in files of other packages.
	fs = keepConfigured(fs, cfg)

	src := new(srcinfo.Cache)
	keyer := &baseline.Keyer{Dir: wd, Src: src}

	if o.writeBaseline != "" {
		keyer.Dir = filepath.Dir(absPath(wd, o.writeBaseline))
		var keys []baseline.Key
		for _, f := range fs {
			keys = append(keys, keyer.Key(f))
		}
		if err := baseline.WriteFile(o.writeBaseline, keys); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
			return ExitError
		}
		fmt.Fprintf(stderr, "%s: recorded %d findings in %s\n", progName, len(fs), o.writeBaseline)
		if failed {
			return ExitError
		}
		return ExitClean
	}

	if o.newFromRev != "" {
		changes, err := newcode.Since(wd, o.newFromRev)
		if err != nil {
			fmt.Fprintf(stderr, "%s: -new-from-rev: %v\n", progName, err)
			return ExitError
		}
		kept := fs[:0]
		for _, f := range fs {
			if changes.Contains(f.Pos.Filename, f.Pos.Line) {
				kept = append(kept, f)
			}
		}
		fs = kept
	}

	if o.baseline != "" {
		b, err := baseline.ReadFile(o.baseline)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
			return ExitUsage
		}
		keyer.Dir = filepath.Dir(absPath(wd, o.baseline))
		keys := make([]baseline.Key, len(fs))
		for i, f := range fs {
			keys[i] = keyer.Key(f)
		}
		fs, _ = b.Filter(fs, keys)
	}

	if o.fix {
		all := fs
		var ok bool
		fs, ok = applyFixes(fs, o, wd, stdout, stderr)
		failed = failed || !ok
		if o.diff {
			// stdout holds the patch; the findings it does not fix
			// are listed on stderr.
			// Nothing was written, so every finding still stands.
			(&finding.TextPrinter{Dir: wd, Context: -1}).Print(stderr, fs)
			return exitCode(failed, len(all) > 0 && !o.exitZero)
		}
	}

	switch o.format {
	case "json":
		if err := finding.WriteJSON(stdout, fs, res.errors); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
			failed = true
		}
	case "sarif":
		prints := make([]string, len(fs))
		for i, f := range fs {
			k := keyer.Key(f)
			prints[i] = strings.Join([]string{k.Pass, k.Category, k.File, k.Func, k.Message}, "\x00")
		}
		errs := res.errors
		for _, m := range res.messages {
			errs = append(errs, finding.Error{Message: m})
		}
		err := sarif.Write(stdout, &sarif.Log{
			ToolName: progName, ToolVersion: version(), Passes: suite,
			Findings: fs, Fingerprints: prints, Errors: errs, BaseDir: wd,
		})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
			failed = true
		}
	default:
		(&finding.TextPrinter{Dir: wd, Context: o.context}).Print(stdout, fs)
	}
	return exitCode(failed, len(fs) > 0 && !o.exitZero)
}

// exitCode combines the outcome: errors win over findings.
func exitCode(failed, findings bool) int {
	switch {
	case failed:
		return ExitError
	case findings:
		return ExitFindings
	}
	return ExitClean
}

// keepConfigured drops findings in files the configuration excludes.
func keepConfigured(fs []finding.Finding, cfg *config.Config) []finding.Finding {
	if len(cfg.Exclude) == 0 {
		return fs
	}
	kept := fs[:0]
	for _, f := range fs {
		if !cfg.Excluded(f.Pos.Filename) {
			kept = append(kept, f)
		}
	}
	return kept
}

// applyFixes applies (or, with -diff, prints) the first fix of each
// finding and returns the findings that remain, and whether all went well.
func applyFixes(fs []finding.Finding, o *options, wd string, stdout, stderr io.Writer) ([]finding.Finding, bool) {
	ok := true
	plan := fix.NewPlan(fs)
	for _, c := range plan.Conflicts {
		f := fs[c.Finding]
		fmt.Fprintf(stderr, "%s: %s: fix skipped: %s\n", progName, relPos(wd, f.Pos), c.Reason)
	}
	done := make(map[string]bool)
	for _, r := range plan.Apply(os.ReadFile) {
		if r.Err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, r.Err)
			ok = false
			continue
		}
		if o.diff {
			rel := filepath.ToSlash(finding.Rel(wd, r.Filename))
			fmt.Fprint(stdout, diff.Unified("a/"+rel, "b/"+rel, string(r.Old), string(r.New)))
		} else if err := writeFile(r.Filename, r.New); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
			ok = false
			continue
		}
		done[r.Filename] = true
	}
	// A fix that spans several files counts as applied only if every one
	// of them was.
	fixed := make(map[int]bool)
	for name, idx := range plan.Fixed {
		for _, i := range idx {
			if _, seen := fixed[i]; !seen {
				fixed[i] = true
			}
			fixed[i] = fixed[i] && done[name]
		}
	}
	var rest []finding.Finding
	for i, f := range fs {
		if !fixed[i] {
			rest = append(rest, f)
		}
	}
	return rest, ok
}

// writeFile replaces a file's content, keeping its permissions.
func writeFile(name string, data []byte) error {
	mode := os.FileMode(0o644)
	if info, err := os.Stat(name); err == nil {
		mode = info.Mode().Perm()
	}
	return os.WriteFile(name, data, mode)
}

func absPath(wd, name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(wd, name)
}

func relPos(wd string, p finding.Position) string {
	p.Filename = finding.Rel(wd, p.Filename)
	return p.String()
}

// relPrefix shortens an absolute file name at the start of an error
// message ("/abs/dir/a.go:3:1: ...").
func relPrefix(wd, msg string) string {
	if !strings.HasPrefix(msg, "/") && !filepath.IsAbs(msg) {
		return msg
	}
	file, rest, found := strings.Cut(msg, ":")
	if !found {
		return msg
	}
	return finding.Rel(wd, file) + ":" + rest
}
