package explain

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/concurlint/concurlint/internal/dump"
)

// module is the module explain runs in.
type module struct {
	Path string
	Dir  string // absolute, symlinks resolved
}

// findModule returns the main module of dir, as the go command sees it.
func findModule(dir string) (*module, error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return nil, fmt.Errorf("%s is not in a module: run explain in the module the dump came from", dir)
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	path := modfile.ModulePath(data)
	if path == "" {
		return nil, fmt.Errorf("%s: no module path", gomod)
	}
	mdir := filepath.Dir(gomod)
	if r, err := filepath.EvalSymlinks(mdir); err == nil {
		mdir = r
	}
	return &module{Path: path, Dir: mdir}, nil
}

// inModulePkg reports whether the import path belongs to the module.
func (m *module) inModulePkg(pkg string) bool {
	return pkg == m.Path || strings.HasPrefix(pkg, m.Path+"/")
}

// resolve maps a frame of the dump to a file here. A frame is in the module
// when its file is in the module directory, or when its package is one of
// the module's (then its file is looked for where the package is here: the
// dump may come from a build in another directory or with -trimpath).
// Package main is named "main" in dumps, so its frames are recognised by
// their path alone: the longest tail of the dump's path that exists under
// the module directory.
func (m *module) resolve(f dump.Frame) Frame {
	out := Frame{Func: f.Func, File: f.File, Line: f.Line, Inlined: f.Inlined}
	file := filepath.FromSlash(f.File)
	if abs, ok := m.inDir(file); ok {
		out.abs = abs
	} else if m.inModulePkg(f.Pkg) {
		rel := strings.TrimPrefix(strings.TrimPrefix(f.Pkg, m.Path), "/")
		cand := filepath.Join(m.Dir, filepath.FromSlash(rel), filepath.Base(file))
		if exists(cand) {
			out.abs = cand
		} else {
			out.Missing = true
			out.InModule = true
			return out
		}
	} else if f.Pkg == "main" || strings.HasPrefix(f.File, m.Path+"/") {
		out.abs = m.byTail(file)
	}
	if out.abs == "" {
		return out
	}
	out.InModule = true
	if rel, err := filepath.Rel(m.Dir, out.abs); err == nil {
		out.File = filepath.ToSlash(rel)
	}
	if filepath.ToSlash(file) != filepath.ToSlash(out.abs) {
		out.DumpFile = f.File
	}
	return out
}

// inDir reports whether file exists and lies in the module directory (a
// nested module's files do not).
func (m *module) inDir(file string) (string, bool) {
	if !filepath.IsAbs(file) || !exists(file) {
		return "", false
	}
	abs := file
	if r, err := filepath.EvalSymlinks(file); err == nil {
		abs = r
	}
	rel, err := filepath.Rel(m.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	if nestedModule(m.Dir, filepath.Dir(abs)) {
		return "", false
	}
	return abs, true
}

// byTail returns the file under the module directory that ends with the
// longest tail of file's path, or "".
func (m *module) byTail(file string) string {
	parts := strings.Split(filepath.ToSlash(file), "/")
	for i := range parts {
		cand := filepath.Join(m.Dir, filepath.FromSlash(strings.Join(parts[i:], "/")))
		if exists(cand) && !nestedModule(m.Dir, filepath.Dir(cand)) {
			return cand
		}
	}
	return ""
}

// nestedModule reports whether dir, inside root, belongs to another module.
func nestedModule(root, dir string) bool {
	for d := dir; len(d) > len(root); d = filepath.Dir(d) {
		if exists(filepath.Join(d, "go.mod")) {
			return true
		}
	}
	return false
}

func exists(name string) bool {
	info, err := os.Stat(name)
	return err == nil && !info.IsDir()
}

// isRuntimeFrame reports whether the frame belongs to the runtime's own
// machinery for waiting (the runtime, internal packages), which the chain
// leaves out.
func isRuntimeFrame(f dump.Frame) bool { return isRuntimeFunc(f.Func) }

// isRuntimeFunc is isRuntimeFrame for a function name.
func isRuntimeFunc(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/") || strings.HasPrefix(fn, "runtime/")
}

// lineText returns line n of file, trimmed, for messages.
func lineText(file string, n int) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	lines := bytes.Split(data, []byte("\n"))
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(string(lines[n-1]))
}
