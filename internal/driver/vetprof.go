package driver

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/profiling"
)

// Under go vet the tool's flags are go vet's to pass, and unitchecker ends
// the process with os.Exit, so the profiles of one package's run are asked
// for in the environment instead of with -cpuprofile and -memprofile:
//
//	CONCURLINT_CPUPROFILE=cpu.out CONCURLINT_MEMPROFILE=mem.out concurlint vet.cfg
//
// (the vet.cfg of a package is kept by go vet -work). Every process of a
// go vet run would write the same files, so this is for one package at a
// time.
const (
	envCPUProfile = "CONCURLINT_CPUPROFILE"
	envMemProfile = "CONCURLINT_MEMPROFILE"
)

// vetProfiler starts the profiles the environment asks for and returns an
// analyzer that stops them, or nil when none is asked for. The analyzer
// requires every root, so unitchecker runs it last (it also makes the
// roots run when they were disabled on the command line); its Run
// writes the files before unitchecker prints the results and exits.
func vetProfiler(roots []*analysis.Analyzer) *analysis.Analyzer {
	cpu, mem := os.Getenv(envCPUProfile), os.Getenv(envMemProfile)
	if cpu == "" && mem == "" {
		return nil
	}
	stop, err := profiling.Start(cpu, mem)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progName, err)
		os.Exit(1)
	}
	return &analysis.Analyzer{
		Name:     "concurprofile",
		Doc:      "concurprofile: write the profiles asked for in " + envCPUProfile + " and " + envMemProfile,
		Requires: roots,
		Run: func(*analysis.Pass) (any, error) {
			return nil, stop()
		},
	}
}
