// Command custom-gcl is golangci-lint v2.15.0 with the concurlint module
// plugin compiled in: the binary that "golangci-lint custom" builds from
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/concurlint/concurlint
//	    import: github.com/concurlint/concurlint/plugin
//	    path: ../..
//
// "golangci-lint custom" clones golangci-lint's repository at the tag,
// replaces cmd/golangci-lint/plugins.go with blank imports of the plugins
// and builds cmd/golangci-lint. That command's main package cannot be
// imported, so this one does what it does (commands.Execute with the build
// information) with the plugin imported, and golangci-lint comes from the
// module proxy like any other dependency.
//
// Build it with check.sh, which also runs it over a test module.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/concurlint/concurlint/plugin"
)

// version may be set with -ldflags "-X main.version=...". When it is not,
// the version names golangci-lint's and a hash of this executable.
var version string

const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

// buildInfo describes the binary to golangci-lint, which prints it for
// "version" and also uses the version as part of its cache key: two builds
// with different plugin code must not share a version, or the second
// would replay the first one's cached findings. golangci-lint custom
// stamps a hash of the plugins' sources for that reason; without a stamp,
// a hash of the executable does the same job.
func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{GoVersion: "unknown", Version: version, Commit: "?", Date: "(unknown)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	if info.Version != "" {
		return info
	}
	base := "unknown"
	for _, dep := range bi.Deps {
		if dep.Path == golangciModule {
			base = strings.TrimPrefix(dep.Version, "v")
			info.Commit = fmt.Sprintf("(module %s@%s, mod sum: %q)", dep.Path, dep.Version, dep.Sum)
		}
	}
	info.Version = base + "-custom-concurlint"
	if id, err := executableHash(); err == nil {
		info.Version += "-" + id
	}
	return info
}

// executableHash returns a short hash of the running executable.
func executableHash() (string, error) {
	name, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
