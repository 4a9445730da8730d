package driver

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options are the driver's own flags.
type options struct {
	test          bool
	jsonFlag      bool
	format        string
	fix, diff     bool
	context       int
	exitZero      bool
	config        string
	baseline      string
	writeBaseline string
	newFromRev    string
	viaVet        bool
	tags          string
	version       bool
	cpuProfile    string
	memProfile    string
}

// A triState is a boolean flag that knows whether it was set, for the
// per-pass enable flags: if any is set true only those passes run,
// otherwise passes set false are left out (the multichecker convention).
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }
func (t *triState) Get() any         { return *t == setTrue }
func (t *triState) String() string {
	if *t == setFalse {
		return "false"
	}
	return "true"
}

func (t *triState) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*t = setFalse
	if b {
		*t = setTrue
	}
	return nil
}

// commandLine is a parsed standalone command line.
type commandLine struct {
	fs      *flag.FlagSet
	opts    options
	enabled map[*analysis.Analyzer]*triState
	// passArgs are the pass flags (enable and options) set on the
	// command line, spelled -name=value, for handing on to go vet.
	passArgs []string
	args     []string
}

// newFlagSet declares the driver's flags and, for each pass, -PASS to
// enable it and -PASS.NAME for each of its options. Option flags share
// their Value with the analyzer's own FlagSet, so setting one configures
// the pass directly.
func newFlagSet(suite []*analysis.Analyzer) *commandLine {
	cl := &commandLine{fs: flag.NewFlagSet("concurlint", flag.ContinueOnError), enabled: make(map[*analysis.Analyzer]*triState)}
	fs, o := cl.fs, &cl.opts
	fs.BoolVar(&o.test, "test", true, "analyse test files too")
	fs.BoolVar(&o.jsonFlag, "json", false, "print findings as JSON (the same as -format=json)")
	fs.StringVar(&o.format, "format", "", "output format: text, json or sarif (default text)")
	fs.BoolVar(&o.fix, "fix", false, "apply the first suggested fix of each finding")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, print the fixes as a unified diff instead of writing files")
	fs.IntVar(&o.context, "c", -1, "show `N` lines of source around each finding (text format)")
	fs.BoolVar(&o.exitZero, "exit-zero", false, "exit 0 even when there are findings (errors still exit 1)")
	fs.StringVar(&o.config, "config", "", "read the configuration from `file` instead of looking for "+configName)
	fs.StringVar(&o.baseline, "baseline", "", "report only findings not recorded in the baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in the baseline `file` and exit")
	fs.StringVar(&o.newFromRev, "new-from-rev", "", "report only findings on lines changed since the git `revision` (and in untracked files)")
	fs.BoolVar(&o.viaVet, "via-vet", false, "analyse through go vet -vettool, one process per package, using the build cache (for big trees)")
	fs.StringVar(&o.tags, "tags", "", "comma-separated list of build `tags`")
	fs.BoolVar(&o.version, "V", false, "print the version and exit")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the analysis to `file`")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to `file`, taken when the live heap is largest")
	for _, a := range suite {
		t := new(triState)
		cl.enabled[a] = t
		fs.Var(t, a.Name, fmt.Sprintf("enable the %s pass", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	declareShared(fs, suite)
	return cl
}

// parse parses args and records which pass flags were set.
func (cl *commandLine) parse(suite []*analysis.Analyzer, args []string) error {
	if err := cl.fs.Parse(args); err != nil {
		return err
	}
	cl.args = cl.fs.Args()
	isPassFlag := func(name string) bool {
		for _, a := range append(shared(suite), suite...) {
			if name == a.Name || strings.HasPrefix(name, a.Name+".") {
				return true
			}
		}
		return false
	}
	cl.fs.Visit(func(f *flag.Flag) {
		if isPassFlag(f.Name) {
			cl.passArgs = append(cl.passArgs, "-"+f.Name+"="+f.Value.String())
		}
	})
	return nil
}

// selected returns the passes to run: those set true on the command line
// if any is; otherwise every pass not set false on the command line and not
// turned off by the configuration file.
func selected(suite []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState, offByConfig func(*analysis.Analyzer) bool) (out []*analysis.Analyzer) {
	for _, a := range suite {
		if *enabled[a] == setTrue {
			out = append(out, a)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, a := range suite {
		if *enabled[a] != setFalse && !offByConfig(a) {
			out = append(out, a)
		}
	}
	return out
}

// prescanned is what must be known from the command line before it can be
// parsed: the configuration file, which sets flag defaults, and whether
// passes were enabled explicitly, which overrides the file's passes.
type prescanned struct {
	config       string
	explicitTrue bool // some -PASS or -PASS=true flag is present
}

// prescan looks through the flags of args for -config and for pass enable
// flags. takesValue says whether a flag given without "=" consumes the next
// argument; with takesValue nil (go vet's protocol, where every argument is
// a flag but the last) the whole of args is scanned.
func prescan(suite []*analysis.Analyzer, args []string, takesValue func(name string) bool) prescanned {
	var p prescanned
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			if takesValue != nil {
				break // the first package pattern
			}
			continue
		}
		name := strings.TrimLeft(arg, "-")
		value, hasValue := "", false
		if j := strings.IndexByte(name, '='); j >= 0 {
			name, value, hasValue = name[:j], name[j+1:], true
		}
		if !hasValue && (name == "config" || takesValue != nil && takesValue(name)) && i+1 < len(args) {
			i++
			value = args[i]
		}
		if name == "config" {
			p.config = value
			continue
		}
		for _, a := range suite {
			if name == a.Name {
				b := true
				if hasValue {
					b, _ = strconv.ParseBool(value)
				}
				p.explicitTrue = p.explicitTrue || b
			}
		}
	}
	return p
}

// takesValue reports whether the named flag of fs is not boolean, so that
// "-name value" spells it.
func takesValue(fs *flag.FlagSet) func(string) bool {
	return func(name string) bool {
		f := fs.Lookup(name)
		if f == nil {
			return false
		}
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		return !ok || !b.IsBoolFlag()
	}
}
