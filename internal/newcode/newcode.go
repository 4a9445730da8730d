// Package newcode finds the lines changed since a git revision, for
// -new-from-rev: only findings on those lines are reported, so that a
// change is judged by what it touches.
//
// The changed lines are those that git diff -U0 REV shows as added, which
// covers committed, staged and unstaged changes alike, plus every line of
// the untracked files git does not ignore. Deleted lines leave no line to
// report on: a finding caused only by a deletion elsewhere is not new by
// this measure.
package newcode

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Changes records the changed lines of each file, by absolute file name.
type Changes struct {
	lines map[string][]Range
	whole map[string]bool
}

// A Range is the lines [From, To] of a file, inclusive.
type Range struct{ From, To int }

// Contains reports whether the given line of the file was changed.
func (c *Changes) Contains(filename string, line int) bool {
	if c.contains(filename, line) {
		return true
	}
	// The file may have been named through a symbolic link.
	real, err := filepath.EvalSymlinks(filename)
	return err == nil && real != filename && c.contains(real, line)
}

func (c *Changes) contains(filename string, line int) bool {
	if c.whole[filename] {
		return true
	}
	for _, r := range c.lines[filename] {
		if r.From <= line && line <= r.To {
			return true
		}
	}
	return false
}

// Resolve returns the commit that rev names in the repository containing
// dir. The revision is only ever a revision: a value that starts with "-"
// is not passed to git where it would be read as an option (--output=FILE
// writes a file, -R reverses the diff).
func Resolve(dir, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("%q is not a revision", rev)
	}
	out, err := git(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		return "", fmt.Errorf("%q is not a commit of the git repository at %s", rev, dir)
	}
	return strings.TrimSpace(string(out)), nil
}

// Since asks git, in the repository containing dir, for the lines changed
// since rev.
func Since(dir, rev string) (*Changes, error) {
	commit, err := Resolve(dir, rev)
	if err != nil {
		return nil, err
	}
	rev = commit
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	root := strings.TrimSpace(string(top))
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	// Pin the settings that change the shape of the output, whatever the
	// user's git configuration says.
	out, err := git(root, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
		"--src-prefix=a/", "--dst-prefix=b/", "-M", "-U0", rev, "--")
	if err != nil {
		return nil, err
	}
	c, err := Parse(out, root)
	if err != nil {
		return nil, err
	}
	untracked, err := git(root, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	for _, name := range bytes.Split(untracked, []byte{0}) {
		if len(name) > 0 {
			c.whole[filepath.Join(root, filepath.FromSlash(string(name)))] = true
		}
	}
	return c, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// Parse reads the output of git diff -U0 with a/ and b/ prefixes; file
// names in it are relative to root.
func Parse(diff []byte, root string) (*Changes, error) {
	c := &Changes{lines: make(map[string][]Range), whole: make(map[string]bool)}
	var file string // current file, "" after a deletion
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			file = ""
		case strings.HasPrefix(line, "+++ "):
			name, err := unquote(strings.TrimPrefix(line, "+++ "))
			if err != nil {
				return nil, fmt.Errorf("git diff: bad file name in %q: %v", line, err)
			}
			if name == "/dev/null" {
				file = ""
				continue
			}
			file = filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(name, "b/")))
		case strings.HasPrefix(line, "@@ ") && file != "":
			r, ok, err := hunk(line)
			if err != nil {
				return nil, err
			}
			if ok {
				c.lines[file] = append(c.lines[file], r)
			}
		}
	}
	return c, sc.Err()
}

// unquote undoes git's C-style quoting of unusual file names.
func unquote(s string) (string, error) {
	if strings.HasPrefix(s, `"`) {
		return strconv.Unquote(s)
	}
	// git appends a tab after names with spaces in some versions.
	return strings.TrimRight(s, "\t"), nil
}

// hunk parses "@@ -a,b +c,d @@ ..." and returns the added lines c..c+d-1;
// ok is false for a hunk that only deletes.
func hunk(line string) (r Range, ok bool, err error) {
	fields := strings.Fields(line)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return r, false, fmt.Errorf("git diff: bad hunk header %q", line)
	}
	spec := strings.TrimPrefix(fields[2], "+")
	start, count := spec, "1"
	if i := strings.IndexByte(spec, ','); i >= 0 {
		start, count = spec[:i], spec[i+1:]
	}
	from, err1 := strconv.Atoi(start)
	n, err2 := strconv.Atoi(count)
	if err1 != nil || err2 != nil {
		return r, false, fmt.Errorf("git diff: bad hunk header %q", line)
	}
	if n == 0 {
		return r, false, nil
	}
	return Range{from, from + n - 1}, true, nil
}
