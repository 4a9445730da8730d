package explain

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Exit codes of concurlint explain.
const (
	ExitOK    = 0 // the dump was read and explained
	ExitError = 1 // the dump could not be read, or the module not loaded
	ExitUsage = 2
)

// Main runs "concurlint explain" with args (after the word explain) and
// returns its exit code.
func Main(suite []*analysis.Analyzer, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonOut := fs.Bool("json", false, "print the report as JSON")
	format := fs.String("format", "text", "output format: text, json or sarif")
	dir := fs.String("C", "", "run in this `directory` of the module the dump came from (default: the current directory)")
	tags := fs.String("tags", "", "comma-separated build `tags`")
	pkgs := fs.String("pkgs", "", "also analyse these package `patterns` (comma-separated, e.g. ./...), to list their static findings")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: concurlint explain [flags] FILE... (or - for standard input)

Reads goroutine dumps (panic and SIGQUIT output, go test -timeout failures,
/debug/pprof/goroutine?debug=2 pages, goleak's failure message, protobuf
goroutine and goroutineleak profiles), groups the goroutines blocked on the
same stack, and for each group blocked in this module says which operation
it waits in, which operations could answer it, and why none does. Static
findings of the packages concerned are listed, marked when the dump
confirms them. Run it in the module the dump came from.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return ExitOK
		}
		return ExitUsage
	}
	if *jsonOut {
		*format = "json"
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "concurlint explain: unknown -format %q (want text, json or sarif)\n", *format)
		return ExitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return ExitUsage
	}
	var inputs []Input
	for _, name := range fs.Args() {
		var data []byte
		var err error
		if name == "-" {
			data, err = io.ReadAll(stdin)
			name = "<stdin>"
		} else {
			data, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintf(stderr, "concurlint explain: %v\n", err)
			return ExitError
		}
		inputs = append(inputs, Input{Name: name, Data: data})
	}
	opts := Options{Dir: *dir, Suite: suite, Tags: *tags}
	for _, p := range strings.FieldsFunc(*pkgs, func(r rune) bool { return r == ',' || r == ' ' }) {
		opts.Patterns = append(opts.Patterns, p)
	}
	rep, err := Run(opts, inputs)
	if err != nil {
		fmt.Fprintf(stderr, "concurlint explain: %v\n", err)
		return ExitError
	}
	switch *format {
	case "json":
		err = WriteJSON(stdout, rep)
	case "sarif":
		err = WriteSARIF(stdout, rep, version())
	default:
		WriteText(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "concurlint explain: %v\n", err)
		return ExitError
	}
	if len(rep.Errors) > 0 {
		return ExitError
	}
	return ExitOK
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
