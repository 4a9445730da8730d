// Package passdoc is where concurlint's passes declare their categories of
// findings and find their documentation.
//
// A category (lockawait's "send-under-lock") is declared once, as data —
// name, one-line summary, default severity — in the pass's categories.go,
// and documented once, under a heading of the same name in the pass's page,
// docs/passes/PASS.md. Everything else is drawn from those two: the
// analyzer's URL and each diagnostic's (the page's anchor for the
// category), the category list of the analyzer's Doc, `concurlint help
// PASS [CATEGORY]`, and SARIF rules. A test checks that the two agree.
//
// Categories that every pass may emit (those of //concurlint:ignore
// directives) are declared once too, with NewShared, and documented under
// a level-3 heading of a shared page.
package passdoc

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/concurlint/concurlint/docs"
)

// DocsURL is where the repository's docs directory is published; pages
// and their headings are linked from there.
const DocsURL = "https://github.com/concurlint/concurlint/blob/main/docs/"

// Severity is a category's default severity. Its names are SARIF's levels.
type Severity uint8

const (
	// Note is for findings worth a look that are often deliberate.
	Note Severity = iota + 1
	// Warning is for findings that usually need a change.
	Warning
	// Error is for findings that fail at run time whenever the path runs:
	// a deadlock or a fatal error.
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", s)
}

// A Category is one kind of finding.
type Category struct {
	Name     string
	Summary  string // a phrase, no final period
	Severity Severity
}

// A Pass holds the categories one pass declares, or the shared categories
// of one page, in declaration order.
type Pass struct {
	name  string
	page  string // relative to the docs directory
	level int    // heading level of a category in the page
	cats  []Category
}

var (
	mu     sync.Mutex
	passes = map[string]*Pass{}
	shared []*Pass
)

// kebab is the form of a category name, and of the headings a page may
// only use for categories.
var kebab = regexp.MustCompile(`^[a-z]+(?:-[a-z]+)+$`)

// New declares the categories of the pass named name, documented under
// level-2 headings of docs/passes/NAME.md. It panics if the pass was
// declared already.
func New(name string) *Pass {
	p := &Pass{name: name, page: "passes/" + name + ".md", level: 2}
	mu.Lock()
	defer mu.Unlock()
	if passes[name] != nil {
		panic("passdoc: pass " + name + " declared twice")
	}
	passes[name] = p
	return p
}

// NewShared declares categories that any pass may emit, documented under
// level-3 headings of page (relative to the docs directory). name says
// what they are about, for messages.
func NewShared(name, page string) *Pass {
	p := &Pass{name: name, page: page, level: 3}
	mu.Lock()
	defer mu.Unlock()
	shared = append(shared, p)
	return p
}

// Add declares a category and returns its name, so that a pass can keep
// the name in a variable: catSend = categories.Add("send-under-lock", ...).
// It panics on a malformed or repeated name, or a summary that does not
// follow the analyzer conventions, so that a mistake fails every test.
func (p *Pass) Add(name string, sev Severity, summary string) string {
	switch {
	case !kebab.MatchString(name):
		panic(fmt.Sprintf("passdoc: %s: category %q is not kebab-case", p.name, name))
	case p.Has(name):
		panic(fmt.Sprintf("passdoc: %s: category %q declared twice", p.name, name))
	case summary == "" || strings.HasSuffix(summary, "."):
		panic(fmt.Sprintf("passdoc: %s: summary of %q must be a phrase with no final period", p.name, name))
	case sev < Note || sev > Error:
		panic(fmt.Sprintf("passdoc: %s: category %q has no severity", p.name, name))
	}
	p.cats = append(p.cats, Category{Name: name, Summary: summary, Severity: sev})
	return name
}

// Name is the pass's name.
func (p *Pass) Name() string { return p.name }

// Categories returns the declared categories in declaration order.
func (p *Pass) Categories() []Category { return slices.Clone(p.cats) }

// Has reports whether the category is declared.
func (p *Pass) Has(name string) bool {
	_, ok := p.Category(name)
	return ok
}

// Category returns the declared category of that name.
func (p *Pass) Category(name string) (Category, bool) {
	for _, c := range p.cats {
		if c.Name == name {
			return c, true
		}
	}
	return Category{}, false
}

// PagePath is the page's path relative to the repository's docs directory.
func (p *Pass) PagePath() string { return p.page }

// Page returns the text of the pass's page.
func (p *Pass) Page() string {
	text, ok := docs.Page(p.page)
	if !ok {
		panic("passdoc: no page docs/" + p.page)
	}
	return text
}

// URL is the address of the pass's page, the analyzer's URL: drivers
// resolve a diagnostic's category against it (URL#category), which is
// the anchor of the category's heading.
func (p *Pass) URL() string { return DocsURL + p.page }

// CategoryURL is the address of a category's section.
func (p *Pass) CategoryURL(name string) string { return p.URL() + "#" + name }

// Section returns the section of the page that documents the category,
// heading included, and whether there is one.
func (p *Pass) Section(name string) (string, bool) {
	return Section(p.Page(), name, p.level)
}

// Headings returns the kebab-case headings of the category level in the
// pass's page: the names the page documents as categories.
func (p *Pass) Headings() []string {
	var out []string
	for _, h := range headings(p.Page(), p.level) {
		if kebab.MatchString(h) {
			out = append(out, h)
		}
	}
	return out
}

// Doc returns an analyzer's documentation: short, the summary and
// overview from the pass's doc.go, followed by the declared categories.
func (p *Pass) Doc(short string) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(short))
	fmt.Fprintf(&b, "\n\nCategories (documented in docs/%s):\n", p.page)
	for _, c := range p.cats {
		fmt.Fprintf(&b, "\n  - %s: %s", c.Name, c.Summary)
	}
	return b.String()
}

// Lookup returns the declared categories of the pass named name.
func Lookup(name string) (*Pass, bool) {
	mu.Lock()
	defer mu.Unlock()
	p, ok := passes[name]
	return p, ok
}

// Find returns the category a finding of pass carries, and the Pass
// (the pass's own, or a shared one) that declares it.
func Find(pass, category string) (Category, *Pass, bool) {
	if p, ok := Lookup(pass); ok {
		if c, ok := p.Category(category); ok {
			return c, p, true
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range shared {
		if c, ok := p.Category(category); ok {
			return c, p, true
		}
	}
	return Category{}, nil, false
}

// Shared returns the shared categories' declarations.
func Shared() []*Pass {
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(shared)
}

// Section returns the section of a markdown page under the heading
// title at level (2 for "## title"): the heading line and everything up
// to the next heading of that level or above, outside code blocks.
func Section(page, title string, level int) (string, bool) {
	lines := strings.Split(page, "\n")
	start := -1
	fenced := false
	for i, line := range lines {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		l, text, ok := heading(line)
		if !ok {
			continue
		}
		if start < 0 {
			if l == level && text == title {
				start = i
			}
			continue
		}
		if l <= level {
			return strings.TrimSpace(strings.Join(lines[start:i], "\n")), true
		}
	}
	if start < 0 {
		return "", false
	}
	return strings.TrimSpace(strings.Join(lines[start:], "\n")), true
}

// headings returns the titles of the headings of one level, outside code
// blocks.
func headings(page string, level int) []string {
	var out []string
	fenced := false
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if l, text, ok := heading(line); ok && !fenced && l == level {
			out = append(out, text)
		}
	}
	return out
}

// heading parses an ATX heading line ("## title").
func heading(line string) (level int, title string, ok bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n == len(line) || line[n] != ' ' {
		return 0, "", false
	}
	return n, strings.TrimSpace(line[n:]), true
}
