// Command concurlint finds concurrency anti-patterns in Go code: locks held
// across blocking operations, blocking calls on request paths, CPU-heavy
// work where it starves others, and goroutines that leak.
//
// Run it on packages:
//
//	concurlint ./...
//
// or as a go vet tool:
//
//	go vet -vettool=$(command -v concurlint) ./...
//
// Run "concurlint help" for the passes and flags, and "concurlint help PASS
// [CATEGORY]" for a pass's documentation; docs/usage.md in the repository
// describes every mode, the output formats, exit codes and the
// configuration file.
package main

import (
	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/driver"
)

func main() {
	driver.Main(concurlint.Analyzers)
}
