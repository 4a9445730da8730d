// Package driver implements the concurlint command: one binary that serves
// as a standalone checker (concurlint ./...), as a go vet tool (go vet
// -vettool=$(command -v concurlint)) and as a go tool (go tool concurlint).
//
// The standalone mode loads packages with go/packages and runs the suite
// with the public checker package; it adds the configuration file,
// baselines, -new-from-rev, fixes, and text, JSON and SARIF output. For big
// trees -via-vet hands the analysis to go vet, which analyses each package in
// its own process from cached facts, and renders vet's JSON the same way.
//
// Exit codes, in every standalone mode:
//
//	0  no findings (or -exit-zero)
//	1  errors: packages failed to load or type-check, a pass failed, or a
//	   file could not be written; findings are still printed
//	2  usage errors: bad flags, arguments or configuration file
//	3  findings, and no errors
//
// Under go vet the exit status is go vet's.
package driver

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
)

// Exit codes of the standalone command.
const (
	ExitClean    = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitFindings = 3
)

const (
	progName   = "concurlint"
	configName = config.FileName
)

// Main runs the command with os.Args and exits. It hands over to go vet's
// unit protocol when invoked by go vet; otherwise it is the standalone
// checker.
func Main(suite []*analysis.Analyzer) {
	args := os.Args[1:]
	if isVetProtocol(args) {
		vetMain(suite, args) // does not return
	}
	os.Exit(Run(suite, args, os.Stdout, os.Stderr))
}

// isVetProtocol reports whether args are those go vet passes to a vet
// tool: -V=full or -flags (the handshake), or flags followed by a single
// *.cfg file describing one package. This must be decided before
// flag.CommandLine is touched, since unitchecker takes it over.
func isVetProtocol(args []string) bool {
	for _, a := range args {
		switch a {
		case "-V=full", "--V=full", "-flags", "--flags":
			return true
		}
	}
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") || strings.HasPrefix(last, "-") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false // flags only before the .cfg file
		}
	}
	info, err := os.Stat(last)
	return err == nil && !info.IsDir()
}

// version returns the module version of the running binary, "(devel)"
// for a build from a work tree.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func printVersion(w io.Writer) {
	v := version()
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = " " + bi.GoVersion
	}
	fmt.Fprintf(w, "%s %s%s\n", progName, v, goVersion)
}
