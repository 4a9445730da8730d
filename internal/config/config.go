// Package config reads concurlint's configuration file, .concurlint.yml,
// and makes it available to the driver and to the passes.
//
// The file is looked up by walking up from a directory (the working
// directory for the standalone command, the package directory under go vet)
// or named explicitly with -config. Decoding is strict: a key the schema does
// not know is an error naming that key, so that a typo does not silently
// leave a pass misconfigured.
//
// The driver loads the file once per process and applies it to the
// analyzers' flags (see Apply): everything a pass is told comes through its
// flags, so a pass never reads the configuration itself, and nogo, a
// golangci-lint plugin or a multichecker of one's own configure it the same
// way with flags. Exclusions are the driver's (see Excluded).
package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// FileName is the name of the configuration file looked up by Find.
const FileName = ".concurlint.yml"

// Generated says what to do with findings in generated files.
type Generated string

const (
	// GeneratedSkip drops findings in files that carry the standard
	// "// Code generated ... DO NOT EDIT." header (the default): nobody
	// can act on them by editing the file.
	GeneratedSkip Generated = "skip"
	// GeneratedReport reports them like any other finding.
	GeneratedReport Generated = "report"
)

// A Config is the content of a configuration file. The zero Config, with
// Generated set to GeneratedSkip, is the configuration used when there is
// no file.
type Config struct {
	// Path is the absolute name of the file read, or "" when there was
	// none.
	Path string
	// Dir is the directory that relative exclude patterns are relative
	// to: the directory of Path.
	Dir string
	// Sum identifies the file's content; it is "" when there is no file.
	Sum string

	// Passes turns passes on or off, in file order.
	Passes []Switch
	// Settings are options of passes, in file order. Their names are the
	// names of the analyzers' flags.
	Settings []Setting
	// Exclude holds glob patterns of files (or directories) whose
	// findings are dropped.
	Exclude []string
	// Generated says whether findings in generated files are reported.
	Generated Generated

	// ExtraBlocking names further functions that block, by the FullName
	// of the function ("(*example.com/db.Client).Call") and the kind of
	// blocking (network, file, ...).
	ExtraBlocking []Blocking
	// Roots names further request-path roots ("example.com/srv.Handle").
	Roots []string
	// Limiters names further limiter types ("example.com/rate.Limiter").
	Limiters []string
}

// A Switch turns one pass on or off.
type Switch struct {
	Pass    string
	Enabled bool
	Line    int // line of the entry in the file, for messages
}

// A Setting is the value of one option of one pass, spelled as the flag
// -Pass.Name=Value would spell it.
type Setting struct {
	Pass, Name, Value string
	Line              int
}

// Blocking is one entry of the extra-blocking table.
type Blocking struct {
	Func string // FullName of the function or method
	Kind string // how it blocks: network, file, process, channel, sleep, sync-wait
}

// Default returns the configuration in force when there is no file.
func Default() *Config {
	return &Config{Generated: GeneratedSkip}
}

// Find returns the name of the configuration file that applies to dir: the
// first FileName found in dir or one of its parents. It returns "" if there
// is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		name := filepath.Join(dir, FileName)
		info, err := os.Stat(name)
		if err == nil && !info.IsDir() {
			return name, nil
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and decodes the named file.
func Load(name string) (*Config, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	return Parse(abs, data)
}

// FindAndLoad loads the file named by explicit if it is not empty, or else
// the file Find finds from dir, or else returns Default.
func FindAndLoad(explicit, dir string) (*Config, error) {
	name := explicit
	if name == "" {
		var err error
		if name, err = Find(dir); err != nil {
			return nil, err
		}
		if name == "" {
			return Default(), nil
		}
	}
	return Load(name)
}

// Parse decodes data, the content of the file name.
func Parse(name string, data []byte) (*Config, error) {
	c, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.Path = name
	c.Dir = filepath.Dir(name)
	sum := sha256.Sum256(data)
	c.Sum = hex.EncodeToString(sum[:])
	return c, nil
}

// Enabled reports whether the file turns the named pass on or off; set is
// false when the file does not mention the pass.
func (c *Config) Enabled(pass string) (enabled, set bool) {
	for _, s := range c.Passes {
		if s.Pass == pass {
			enabled, set = s.Enabled, true
		}
	}
	return enabled, set
}

// SplitList splits a comma-separated flag value into its elements, ignoring
// commas inside brackets so that generic names such as
// "(*example.com/m.Map[K, V]).Get" stay whole. Elements are trimmed and
// empty ones dropped.
func SplitList(s string) []string { return knowledge.SplitNames(s) }

// ParseBlocking parses the value of an extra-blocking flag:
// comma-separated "FullName=kind" entries.
func ParseBlocking(s string) ([]Blocking, error) {
	var out []Blocking
	for _, e := range SplitList(s) {
		i := strings.LastIndex(e, "=")
		if i < 0 {
			return nil, fmt.Errorf("extra-blocking entry %q: want FullName=kind", e)
		}
		b := Blocking{Func: strings.TrimSpace(e[:i]), Kind: strings.TrimSpace(e[i+1:])}
		if err := checkBlocking(b); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// FormatBlocking is the inverse of ParseBlocking.
func FormatBlocking(bs []Blocking) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Func + "=" + b.Kind
	}
	return strings.Join(parts, ",")
}
