package config

import (
	"path"
	"path/filepath"
	"strings"
)

// Excluded reports whether findings in the named file are dropped by the
// exclude patterns. Patterns are slash-separated globs relative to the
// directory of the configuration file; "**" matches any number of
// directories, and a pattern that matches a directory excludes everything
// below it ("internal/gen" and "internal/gen/**" are the same). Files
// outside that directory are matched against absolute patterns only.
func (c *Config) Excluded(filename string) bool {
	if len(c.Exclude) == 0 {
		return false
	}
	abs, err := filepath.Abs(filename)
	if err != nil {
		return false
	}
	var rel string
	if c.Dir != "" {
		if r, err := filepath.Rel(c.Dir, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			rel = filepath.ToSlash(r)
		}
	}
	for _, p := range c.Exclude {
		target := rel
		if path.IsAbs(p) || filepath.IsAbs(p) {
			target = filepath.ToSlash(abs)
		}
		if target != "" && matchPrefix(strings.Split(strings.Trim(p, "/"), "/"), strings.Split(strings.Trim(target, "/"), "/")) {
			return true
		}
	}
	return false
}

// matchPrefix reports whether the pattern segments match the path segments
// or a leading part of them (a directory containing the file).
func matchPrefix(pat, name []string) bool {
	if len(pat) == 0 {
		return true // the pattern matched a directory above the file
	}
	if pat[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if matchPrefix(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], name[0]); !ok {
		return false
	}
	return matchPrefix(pat[1:], name[1:])
}
