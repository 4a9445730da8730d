package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/concurlint/concurlint/internal/config"
	"github.com/concurlint/concurlint/internal/finding"
)

// viaVet runs go vet with this executable as the vet tool and reads its
// JSON output. go vet analyses each package in a separate process, from
// export data and the facts of its dependencies, and caches the results, so
// memory stays bounded on big trees and repeated runs are fast.
//
// The configuration file is passed on with -config, so every package uses
// the one the standalone command found; the pass flags given on the
// command line are passed on as they were given.
func viaVet(cl *commandLine, cfg *config.Config, patterns []string, stderr io.Writer) (*results, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := []string{"vet", "-vettool=" + exe, "-json"}
	if cfg.Path != "" {
		args = append(args, "-config="+cfg.Path)
	}
	if cl.opts.tags != "" {
		args = append(args, "-tags="+cl.opts.tags)
	}
	args = append(args, cl.passArgs...)
	args = append(args, "--")
	res, runErr, err := vetOnce(append(args, patterns...))
	if err != nil {
		return nil, err
	}
	if runErr != nil && len(res.findings) == 0 && len(res.errors) == 0 {
		// go vet analysed nothing: its go list failed, as it does for
		// every package when one has a missing import or an import
		// cycle. Analyse the packages that load; go vet's complaint
		// about the others stays.
		if healthy, broken, err := loadable(cl, patterns); err == nil && len(healthy) > 0 && broken > 0 {
			again, againErr, err := vetOnce(append(args, healthy...))
			if err != nil {
				return nil, err
			}
			again.messages = append(again.messages, res.messages...)
			res, runErr = again, cmp.Or(againErr, runErr)
		}
	}
	if runErr != nil && len(res.messages) == 0 && len(res.errors) == 0 {
		res.messages = append(res.messages, fmt.Sprintf("go vet failed: %v", runErr))
	}
	if !cl.opts.test {
		// go vet always analyses test files; honour -test=false by
		// dropping their findings.
		kept := res.findings[:0]
		for _, f := range res.findings {
			if !strings.HasSuffix(f.Pos.Filename, "_test.go") {
				kept = append(kept, f)
			}
		}
		res.findings = kept
	}
	return res, nil
}

// vetOnce runs go vet with args and reads its output. runErr is go vet's
// failure; err is a failure to run it or to read what it printed.
func vetOnce(args []string) (res *results, runErr, err error) {
	cmd := exec.Command("go", args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr = cmd.Run()
	if _, ok := runErr.(*exec.ExitError); runErr != nil && !ok {
		return nil, nil, fmt.Errorf("running go vet: %v", runErr)
	}
	// go vet -json prints the tool's JSON trees; depending on the Go
	// version they go to standard output or standard error, so both
	// are read, and what is not JSON on standard error is an error
	// message (a build failure, say).
	res = new(results)
	for _, stream := range []*bytes.Buffer{&out, &errOut} {
		text, trees := splitVetOutput(stream.Bytes())
		fs, errs, err := finding.ReadJSON(bytes.NewReader(trees))
		if err != nil {
			return nil, nil, err
		}
		res.findings = append(res.findings, fs...)
		res.errors = append(res.errors, errs...)
		if stream == &errOut {
			for _, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
				if line != "" && !strings.HasPrefix(line, "# ") {
					res.messages = append(res.messages, line)
				}
			}
		}
	}
	return res, runErr, nil
}

// loadable lists the packages matching patterns with go list -e, which
// does not give up on the first broken one, and returns those that load
// with their dependencies, and how many do not.
func loadable(cl *commandLine, patterns []string) (healthy []string, broken int, err error) {
	args := []string{"list", "-e", "-f", "{{.ImportPath}}\t{{if or .Error .DepsErrors}}broken{{end}}"}
	if cl.opts.tags != "" {
		args = append(args, "-tags="+cl.opts.tags)
	}
	args = append(append(args, "--"), patterns...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil, 0, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, state, _ := strings.Cut(line, "\t")
		switch {
		case path == "":
		case state != "":
			broken++
		default:
			healthy = append(healthy, path)
		}
	}
	return healthy, broken, nil
}

// splitVetOutput separates JSON trees (which start with a line "{" and end
// with a line "}") from the other lines of go vet's output.
func splitVetOutput(data []byte) (text, trees []byte) {
	var t, j bytes.Buffer
	inTree := false
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		trimmed := bytes.TrimRight(line, "\r\n")
		switch {
		case !inTree && bytes.Equal(trimmed, []byte("{")):
			inTree = true
			j.Write(line)
		case inTree:
			j.Write(line)
			if bytes.Equal(trimmed, []byte("}")) {
				inTree = false
			}
		default:
			t.Write(line)
		}
	}
	return t.Bytes(), j.Bytes()
}
