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
		config.SetCurrent(cfg)
		addBlocking(cfg)
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

	// Flags declared here, before unitchecker declares its own, are part
	// of what -flags tells go vet, so go vet accepts and forwards them.
	flag.String("config", "", "read the configuration from `file` instead of looking for "+configName)
	flag.Var(versionFlag{}, "V", "print version and exit")
	declareShared(flag.CommandLine, suite)
	unitchecker.Main(suite...)
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
