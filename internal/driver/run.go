package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/finding"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/profiling"
)

// Run runs the standalone command with args (without the program name)
// and returns its exit code.
func Run(suite []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	cl := newFlagSet(suite)
	cl.fs.SetOutput(stderr)

	// The configuration file sets the passes' flags before the command
	// line is parsed, so that explicit flags win over the file.
	pre := prescan(suite, args, takesValue(cl.fs))
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return ExitError
	}
	cfg, err := config.FindAndLoad(pre.config, wd)
	if err == nil {
		err = cfg.Apply(suite)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return ExitUsage
	}
	// A mistaken flag is said in the flag package's one line, without
	// the whole usage after it; -h asks for the usage.
	cl.fs.Usage = func() {}
	if err := cl.parse(suite, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stderr, cl.fs)
			return ExitClean
		}
		return ExitUsage
	}
	cl.fs.Usage = func() { usage(stderr, cl.fs) }
	o := &cl.opts

	if o.version {
		printVersion(stdout)
		return ExitClean
	}
	if len(cl.args) > 0 {
		switch cl.args[0] {
		case "help":
			return help(stdout, stderr, cl.fs, suite, cl.args[1:])
		case "version":
			printVersion(stdout)
			return ExitClean
		}
	}
	if code := o.validate(stderr); code != ExitClean {
		return code
	}
	if len(cl.args) == 0 {
		usage(stderr, cl.fs)
		return ExitUsage
	}
	if code := o.checkBefore(cl, wd, stderr); code != ExitClean {
		return code
	}

	passes := selected(suite, cl.enabled, func(a *analysis.Analyzer) bool {
		on, set := cfg.Enabled(a.Name)
		return set && !on
	})
	if len(passes) == 0 {
		fmt.Fprintf(stderr, "%s: every pass is disabled\n", progName)
		return ExitUsage
	}
	prepare(suite)
	setPolicy(&policy{cfg: cfg})
	env, err := readGoEnv(wd)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return ExitError
	}
	model.SetGOROOT(env.GOROOT)

	stopProfiles, err := profiling.Start(o.cpuProfile, o.memProfile)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return ExitError
	}
	var res *results
	if o.viaVet {
		res, err = viaVet(cl, cfg, cl.args, stderr)
	} else {
		res, err = inProcess(passes, cl.args, o, env)
	}
	if perr := stopProfiles(); perr != nil && err == nil {
		err = perr
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		return ExitError
	}
	return report(res, o, suite, cfg, wd, stdout, stderr)
}

// validate checks combinations of flags.
func (o *options) validate(stderr io.Writer) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "%s: "+format+"\n", append([]any{progName}, args...)...)
		return ExitUsage
	}
	switch {
	case o.jsonFlag && o.format != "" && o.format != "json":
		return fail("-json conflicts with -format=%s", o.format)
	case o.jsonFlag:
		o.format = "json"
	case o.format == "":
		o.format = "text"
	}
	if !slices.Contains([]string{"text", "json", "sarif"}, o.format) {
		return fail("unknown -format %q (want text, json or sarif)", o.format)
	}
	if o.diff && !o.fix {
		return fail("-diff requires -fix")
	}
	if o.context >= 0 && o.format != "text" {
		return fail("-c applies to the text format only")
	}
	if o.writeBaseline != "" && o.fix {
		return fail("-write-baseline cannot be combined with -fix")
	}
	return ExitClean
}

// results is what an analysis produced, from either engine.
type results struct {
	findings []finding.Finding
	errors   []finding.Error
	// messages are errors already formatted for the terminal (load
	// and type errors, go vet's own complaints); they make the run fail.
	messages []string
	// notices say what was left out, and why, without failing the run
	// (files that need cgo when it is disabled).
	notices []string
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `%[1]s finds concurrency anti-patterns in Go code.

Usage:
	%[1]s [flags] packages...   analyse packages (e.g. ./...)
	%[1]s help                  list the passes and flags
	%[1]s help PASS [CATEGORY]  print a pass's documentation, or one category's
	%[1]s version               print the version
	%[1]s explain FILE...       say why the goroutines of a dump are stuck

Under go vet: go vet -vettool=$(command -v %[1]s) packages...

Flags:
`, progName)
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(f.Name, ".") {
			printFlag(w, f)
		}
	})
}
