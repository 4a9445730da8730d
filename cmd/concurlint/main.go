// Command concurlint finds concurrency anti-patterns in Go code: locks held
// across blocking operations, blocking calls on request paths, CPU-heavy
// work where it starves others, and goroutines that leak.
//
// Run it on packages:
//
//	concurlint ./...
//
// explain a goroutine dump (why is this goroutine stuck?):
//
//	concurlint explain dump.txt
//
// or as a go vet tool:
//
//	go vet -vettool=$(command -v concurlint) ./...
//
// Run "concurlint help" for the passes and flags; README.md in the
// repository describes every mode, the output formats, exit codes and the
// configuration file.
package main

import (
	"os"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/driver"
	"github.com/concurlint/concurlint/internal/explain"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "explain" {
		os.Exit(explain.Main(concurlint.Analyzers, os.Args[2:], os.Stdin, os.Stdout, os.Stderr))
	}
	driver.Main(concurlint.Analyzers)
}
