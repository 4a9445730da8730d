// Package analysisutil holds small helpers shared by the concurlint passes:
// extracting an analyzer's documentation from its doc.go, turning panics into
// errors, and formatting positions the way concurlint's messages spell them.
package analysisutil

import (
	"fmt"
	"strings"
)

// MustExtractDoc returns the documentation of the named analyzer from the
// package comment in content (the text of a doc.go file). It panics if the
// comment has no "# Analyzer name" section, so that a mistake shows up the
// first time the package is loaded, in tests.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// ExtractDoc returns the section of the package comment in content that
// starts with the heading "# Analyzer name". The section runs to the next
// heading or the end of the comment; its first line is the summary
// ("name: does this").
func ExtractDoc(content, name string) (string, error) {
	comment, ok := packageComment(content)
	if !ok {
		return "", fmt.Errorf("no package comment found")
	}
	heading := "# Analyzer " + name
	lines := strings.Split(comment, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != heading {
			continue
		}
		var body []string
		for _, l := range lines[i+1:] {
			if strings.HasPrefix(l, "# ") {
				break
			}
			body = append(body, l)
		}
		doc := strings.TrimSpace(strings.Join(body, "\n"))
		if !strings.HasPrefix(doc, name+":") {
			return "", fmt.Errorf("section %q must start with %q", heading, name+":")
		}
		return doc, nil
	}
	return "", fmt.Errorf("package comment has no %q section", heading)
}

// packageComment returns the text of the /* */ or // comment block that
// precedes the package clause, with comment markers removed.
func packageComment(content string) (string, bool) {
	idx := strings.Index(content, "\npackage ")
	if strings.HasPrefix(content, "package ") {
		idx = 0
	}
	if idx < 0 {
		return "", false
	}
	head := strings.TrimSpace(content[:idx])
	if strings.HasSuffix(head, "*/") {
		start := strings.LastIndex(head, "/*")
		if start < 0 {
			return "", false
		}
		return strings.TrimSpace(head[start+2 : len(head)-2]), true
	}
	var out []string
	lines := strings.Split(head, "\n")
	// Walk back over the contiguous // block just above the package clause.
	end := len(lines)
	start := end
	for start > 0 && strings.HasPrefix(strings.TrimSpace(lines[start-1]), "//") {
		start--
	}
	if start == end {
		return "", false
	}
	for _, l := range lines[start:end] {
		l = strings.TrimPrefix(strings.TrimSpace(l), "//")
		l = strings.TrimPrefix(l, " ")
		out = append(out, l)
	}
	return strings.Join(out, "\n"), true
}
