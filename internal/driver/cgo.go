package driver

import (
	"fmt"
	gobuild "go/build"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Files that import "C" need cgo, and cgo needs a C compiler. Without
// either, the go command leaves the files out (CGO_ENABLED=0) or cannot
// type-check them ("could not import C (no metadata for C)"); both lose the
// findings in those files, so the driver says which files and why.

// cgoSkipped returns a notice for each file of pkgs that the go command
// left out only because cgo is disabled.
func cgoSkipped(pkgs []*packages.Package, env goEnv, tags string) []string {
	if env.CGO_ENABLED != "0" {
		return nil
	}
	ctx := gobuild.Default
	ctx.CgoEnabled = true
	if tags != "" {
		ctx.BuildTags = strings.Split(tags, ",")
	}
	var out []string
	seen := make(map[string]bool)
	for _, p := range pkgs {
		for _, name := range p.IgnoredFiles {
			if seen[name] || !strings.HasSuffix(name, ".go") || !importsC(name) {
				continue
			}
			seen[name] = true
			if ok, err := ctx.MatchFile(filepath.Dir(name), filepath.Base(name)); err != nil || !ok {
				continue // left out for another reason (GOOS, build tags)
			}
			out = append(out, fmt.Sprintf("%s: not analysed: it imports \"C\" and cgo is disabled (CGO_ENABLED=0); enable cgo, with a C compiler, to analyse it", name))
		}
	}
	return out
}

// importsC reports whether the Go file imports "C".
func importsC(name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
	if err != nil {
		return false
	}
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "C" {
			return true
		}
	}
	return false
}

// noCgoMetadata is the type checker's error for import "C" when cgo did
// not run.
const noCgoMetadata = `could not import C (no metadata for C)`

// cgoCause explains why cgo did not run, for a message ending in
// noCgoMetadata.
func cgoCause(env goEnv) string {
	cc := strings.Fields(env.CC)
	if len(cc) > 0 {
		if _, err := exec.LookPath(cc[0]); err != nil {
			return fmt.Sprintf("cgo did not run: the C compiler %q is not found; install one (or set CC), or set CGO_ENABLED=0 to analyse the package without its cgo files", cc[0])
		}
	}
	return "cgo did not run (go build shows why); fix the cgo build, or set CGO_ENABLED=0 to analyse the package without its cgo files"
}
