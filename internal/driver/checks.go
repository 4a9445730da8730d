package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/concurlint/concurlint/internal/baseline"
	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/newcode"
)

// Mistakes on the command line are reported before the analysis, which
// takes seconds to minutes on a big tree, and each in one line.

// flagAfterPackages returns the first argument after the first package
// pattern that looks like a flag: the flag package stops at the first
// pattern, so "concurlint ./x -json" would read -json as a package.
func flagAfterPackages(args, patterns []string) string {
	if slices.Contains(args, "--") {
		return "" // what follows -- is meant as patterns
	}
	for _, p := range patterns {
		if strings.HasPrefix(p, "-") && p != "-" {
			return p
		}
	}
	return ""
}

// checkBefore checks what the options name (revision, baseline files)
// before any analysis, returning an exit code other than ExitClean on a
// problem it has reported.
func (o *options) checkBefore(cl *commandLine, wd string, stderr io.Writer) int {
	fail := func(code int, format string, args ...any) int {
		fmt.Fprintf(stderr, "%s: "+format+"\n", append([]any{progName}, args...)...)
		return code
	}
	if f := flagAfterPackages(cl.fs.Args(), cl.args); f != "" {
		return fail(ExitUsage, "flag %s after the packages: flags go before the packages (%s [flags] packages)", f, progName)
	}
	contextSet := false
	cl.fs.Visit(func(f *flag.Flag) { contextSet = contextSet || f.Name == "c" })
	if contextSet && o.context < 0 {
		return fail(ExitUsage, "-c=%d: the number of lines of context must be 0 or more", o.context)
	}
	if o.newFromRev != "" {
		if _, err := newcode.Resolve(wd, o.newFromRev); err != nil {
			return fail(ExitError, "-new-from-rev: %v", err)
		}
	}
	if o.baseline != "" {
		if _, err := baseline.ReadFile(o.baseline); err != nil {
			return fail(ExitUsage, "-baseline: %v", err)
		}
	}
	if o.writeBaseline != "" {
		if err := writable(o.writeBaseline); err != nil {
			return fail(ExitUsage, "-write-baseline: %v", err)
		}
	}
	return ExitClean
}

// writable reports whether name can be written, without changing it.
func writable(name string) error {
	if info, err := os.Stat(name); err == nil {
		if info.IsDir() {
			return fmt.Errorf("%s is a directory", name)
		}
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		return f.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".concurlint-check-*")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot create %s: %v", name, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// goListFailure is how go/packages wraps the go command's complaints.
var goListFailure = regexp.MustCompile(`^(go list: )?err: exit status \d+: stderr: `)

// cleanLoadError drops go/packages' wrapping of a go command failure,
// leaving what the go command said.
func cleanLoadError(err error) error {
	msg := strings.TrimSpace(goListFailure.ReplaceAllString(err.Error(), ""))
	return errors.New(msg)
}

// groupErrors merges the errors of the passes on one package that say the
// same thing ("not analysed: the package ... has errors") into one line
// naming the passes.
func groupErrors(errs []finding.Error) []finding.Error {
	type key struct{ pkg, msg string }
	var order []key
	passes := make(map[key][]string)
	for _, e := range errs {
		k := key{e.Package, e.Message}
		if _, ok := passes[k]; !ok {
			order = append(order, k)
		}
		if e.Pass != "" && !slices.Contains(passes[k], e.Pass) {
			passes[k] = append(passes[k], e.Pass)
		}
	}
	var out []finding.Error
	for _, k := range order {
		out = append(out, finding.Error{Package: k.pkg, Pass: strings.Join(passes[k], ", "), Message: k.msg})
	}
	return out
}
