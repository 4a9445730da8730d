package driver

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/concurlint/concurlint/internal/config"
)

// In go vet mode the garbage collector's target depends on the package's
// size. go vet runs one process per package, several at once, and the peak
// memory of a run is that of its largest package. The SSA form the model
// builds roughly doubles a package's live heap over what go vet's own
// analyzers keep, so for a large package concurlint collects garbage sooner
// than Go's default (GOGC=100), keeping its peak near go vet's; a small
// package's heap stays far below the run's peak either way, and collecting
// it at the default pace saves CPU time (on three corpus libraries, 1.45×
// go vet's CPU instead of 1.55×, at the same peak). GOGC in the
// environment still wins.
const (
	vetGCPercent   = 40        // for large packages
	largePackage   = 512 << 10 // bytes of Go source (test files included)
	smallGCPercent = 100
)

// vetMain serves go vet's protocol. go vet runs the tool in each package's
// directory with the flags the user gave go vet and a .cfg file describing
// the package; the configuration file is looked up from that directory (or
// named by -config), so the same .concurlint.yml works under go vet and
// standalone.
func vetMain(suite []*analysis.Analyzer, args []string) {
	if os.Getenv("GOGC") == "" && len(args) > 0 {
		pct := smallGCPercent
		if unitSourceBytes(args[len(args)-1]) > largePackage {
			pct = vetGCPercent
		}
		debug.SetGCPercent(pct)
	}
	pre := prescan(suite, args, nil)
	cfgFile := args[len(args)-1]
	if strings.HasSuffix(cfgFile, ".cfg") {
		cfg, err := config.FindAndLoad(pre.config, unitDir(cfgFile))
		if err == nil {
			err = cfg.Apply(suite)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", progName, err)
			os.Exit(1)
		}
		p := &policy{cfg: cfg, disabled: make(map[*analysis.Analyzer]bool)}
		if !pre.explicitTrue {
			// Passes enabled on the command line override the file,
			// as in the standalone mode.
			for _, a := range suite {
				if on, set := cfg.Enabled(a.Name); set && !on {
					p.disabled[a] = true
				}
			}
		}
		setPolicy(p)
	}
	prepare(suite)

	// The analyzers the passes require run as roots too, so that their
	// own diagnostics are printed: unitchecker prints only the roots'.
	// (The shared model reports //concurlint:ignore directives that name
	// no pass, once per package, whichever passes run.) When passes are
	// named on the command line, unitchecker runs only the named roots,
	// so the prerequisites are named too.
	prereqs := prerequisites(suite)
	if pre.explicitTrue {
		for _, a := range prereqs {
			os.Args = append(os.Args[:1], append([]string{"-" + a.Name}, os.Args[1:]...)...)
		}
	}

	// Flags declared here, before unitchecker declares its own, are part
	// of what -flags tells go vet, so go vet accepts and forwards them.
	flag.String("config", "", "read the configuration from `file` instead of looking for "+configName)
	flag.Var(versionFlag{}, "V", "print version and exit")
	declareShared(flag.CommandLine, suite)
	roots := append(slices.Clone(suite), prereqs...)
	if vetxOnly(cfgFile) {
		roots = factsOnly(roots)
	}
	if prof := vetProfiler(roots); prof != nil {
		roots = append(roots, prof)
	}
	unitchecker.Main(roots...)
}

// prerequisites returns the analyzers the suite requires that are not in
// it and have no flags, in a stable order: they run as roots so that their
// diagnostics are printed. Those with flags (the shared analyzers, whose
// flags declareShared declares) are left to run as prerequisites, since a
// root's flags would be declared a second time; they report nothing.
func prerequisites(suite []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	for _, a := range suite {
		seen[a] = true
	}
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				if !hasFlags(a) {
					out = append(out, a)
				}
			}
			visit(a.Requires)
		}
	}
	for _, a := range suite {
		visit(a.Requires)
	}
	return out
}

// vetxOnly reports whether the go vet .cfg file asks for facts only: go
// vet analyses a dependency of the packages named on its command line only
// for the facts its importers need, and drops its diagnostics.
func vetxOnly(cfgFile string) bool {
	if !strings.HasSuffix(cfgFile, ".cfg") {
		return false
	}
	var unit struct{ VetxOnly bool }
	data, err := os.ReadFile(cfgFile)
	return err == nil && json.Unmarshal(data, &unit) == nil && unit.VetxOnly
}

// factsOnly returns the roots with every analyzer that is not needed for
// facts replaced by a stand-in that does nothing. unitchecker runs, for
// facts only, every analyzer that requires one with facts, which for
// concurlint is every pass: on the dependencies of the packages go vet
// reports on, the passes' work was thrown away. The stand-ins keep the
// names and flags (go vet passes the same flags to every package) and
// require the analyzers with facts the original required, so that those
// still run and export their facts.
func factsOnly(roots []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(roots))
	for i, a := range roots {
		if len(a.FactTypes) > 0 {
			out[i] = a
			continue
		}
		out[i] = &analysis.Analyzer{
			Name:     a.Name,
			Doc:      a.Doc,
			URL:      a.URL,
			Flags:    a.Flags,
			Requires: withFacts(a.Requires),
			Run:      func(*analysis.Pass) (any, error) { return nil, nil },
		}
	}
	return out
}

// withFacts returns the analyzers with facts among as and what they
// require, transitively, each once, in the order found.
func withFacts(as []*analysis.Analyzer) []*analysis.Analyzer {
	return required(as, func(a *analysis.Analyzer) (keep, descend bool) {
		hasFacts := len(a.FactTypes) > 0
		return hasFacts, !hasFacts // its own requirements run as its requirements
	})
}

// unitSourceBytes returns the size of the Go files a go vet .cfg file
// lists, or 0 when it cannot tell.
func unitSourceBytes(cfgFile string) int64 {
	if !strings.HasSuffix(cfgFile, ".cfg") {
		return 0
	}
	var unit struct{ GoFiles []string }
	data, err := os.ReadFile(cfgFile)
	if err != nil || json.Unmarshal(data, &unit) != nil {
		return 0
	}
	var n int64
	for _, f := range unit.GoFiles {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// unitDir returns the directory of the package a go vet .cfg file
// describes: the directory of its first Go file. go vet also runs the tool
// in that directory, which is the fallback.
func unitDir(cfgFile string) string {
	var unit struct {
		Dir     string
		GoFiles []string
	}
	if data, err := os.ReadFile(cfgFile); err == nil && json.Unmarshal(data, &unit) == nil {
		if unit.Dir != "" {
			return unit.Dir
		}
		if len(unit.GoFiles) > 0 {
			return filepath.Dir(unit.GoFiles[0])
		}
	}
	return "."
}

// versionFlag implements -V=full for go vet, which uses the output as the
// tool's identity in its cache key. Besides the executable it hashes the
// configuration file found from the working directory (where go vet
// runs), so that editing .concurlint.yml invalidates cached vet results.
type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }
func (versionFlag) Set(s string) error {
	if s != "full" {
		printVersion(os.Stdout)
		os.Exit(0)
	}
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if err := hashFile(h, exe); err != nil {
		return err
	}
	if wd, err := os.Getwd(); err == nil {
		if name, err := config.Find(wd); err == nil && name != "" {
			fmt.Fprintf(h, "\nconfig %s\n", name)
			hashFile(h, name)
		}
	}
	// The "devel" form makes go vet use the buildID as the identity.
	fmt.Printf("%s version devel %s buildID=%02x\n", progName, version(), h.Sum(nil))
	os.Exit(0)
	return nil
}

func hashFile(w io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
