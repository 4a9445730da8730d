package concurlint_test

// Tests that the documentation and the code agree: every category a pass
// declares has its section in the pass's page and every category heading
// of a page is declared; the analyzers' URLs and Docs come from the same
// declarations; every option is documented; the README stays a front
// page; and every relative link in the documentation resolves, down to
// the heading an anchor names.

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/driver"
	"github.com/concurlint/concurlint/internal/passdoc"
	"github.com/concurlint/concurlint/internal/report"
)

func TestCategoriesDocumented(t *testing.T) {
	total := 0
	for _, a := range concurlint.Analyzers {
		p, ok := passdoc.Lookup(a.Name)
		if !ok {
			t.Errorf("%s declares no categories (passes/%[1]s/categories.go)", a.Name)
			continue
		}
		if a.URL != p.URL() {
			t.Errorf("%s: Analyzer.URL = %s, want its page %s", a.Name, a.URL, p.URL())
		}
		if _, err := os.Stat(filepath.Join("docs", p.PagePath())); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		var declared []string
		for _, c := range p.Categories() {
			declared = append(declared, c.Name)
			total++
			if _, ok := p.Section(c.Name); !ok {
				t.Errorf("%s/%s is declared but docs/%s has no heading %q", a.Name, c.Name, p.PagePath(), "## "+c.Name)
			}
			// Drivers resolve a diagnostic's URL to the analyzer's URL
			// with the category as anchor: it must name that heading.
			if want := p.URL() + "#" + c.Name; p.CategoryURL(c.Name) != want || !slices.Contains(anchors(p.Page()), c.Name) {
				t.Errorf("%s/%s: %s does not resolve to a heading", a.Name, c.Name, want)
			}
			if !strings.Contains(a.Doc, "- "+c.Name+": "+c.Summary) {
				t.Errorf("%s: Doc does not list %s", a.Name, c.Name)
			}
		}
		for _, h := range p.Headings() {
			if !slices.Contains(declared, h) {
				t.Errorf("docs/%s documents category %q, which %s does not declare", p.PagePath(), h, a.Name)
			}
		}
		// Every option is documented on the page, by its flag.
		page := p.Page()
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(page, "`-"+a.Name+"."+f.Name+"`") {
				t.Errorf("docs/%s does not document -%s.%s", p.PagePath(), a.Name, f.Name)
			}
		})
		if !strings.HasPrefix(page, "# "+a.Name+"\n\n"+strings.SplitN(a.Doc, "\n", 2)[0]+"\n") {
			t.Errorf("docs/%s must start with the title and the analyzer's summary line %q", p.PagePath(), strings.SplitN(a.Doc, "\n", 2)[0])
		}
	}
	shared := 0
	for _, p := range passdoc.Shared() {
		for _, c := range p.Categories() {
			shared++
			if _, ok := p.Section(c.Name); !ok || !slices.Contains(anchors(p.Page()), c.Name) {
				t.Errorf("%s category %s has no heading in docs/%s", p.Name(), c.Name, p.PagePath())
			}
		}
	}
	if total == 0 || shared == 0 {
		t.Errorf("%d pass categories and %d shared ones declared", total, shared)
	}
	t.Logf("%d categories declared and documented, and %d shared ones", total, shared)
}

// TestDirectivePasses checks that the pass names a //concurlint:ignore
// directive may use are those of the suite.
func TestDirectivePasses(t *testing.T) {
	var names []string
	for _, a := range concurlint.Analyzers {
		names = append(names, a.Name)
	}
	if !slices.Equal(report.Passes, names) {
		t.Errorf("report.Passes = %v, want the suite's passes %v", report.Passes, names)
	}
}

func TestREADMEIsAFrontPage(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n > 400 {
		t.Errorf("README.md has %d lines; it is the front page, keep it under 400 and move detail to docs/", n)
	}
	// The two commands of the front page: the install from a clone that
	// .ci/run checks, and the test command CI runs.
	for _, s := range []string{"go install ./cmd/concurlint", "go run ./cmd/concurlint ./...", "go test ./...", "go install github.com/concurlint/concurlint/cmd/concurlint@latest"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("README.md does not show %q", s)
		}
	}
	// The front page leads to every page of docs/.
	pages, err := filepath.Glob("docs/*.md")
	if err != nil || len(pages) == 0 {
		t.Fatalf("docs/*.md: %v %v", pages, err)
	}
	for _, page := range pages {
		if !strings.Contains(string(data), "]("+filepath.ToSlash(page)+")") {
			t.Errorf("README.md does not link %s", page)
		}
	}
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

func TestLinks(t *testing.T) {
	var pages []string
	filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, ".md") {
			pages = append(pages, path)
		}
		return nil
	})
	if len(pages) < 5 {
		t.Fatalf("found only %v", pages)
	}
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(stripCode(string(data)), -1) {
			link := m[1]
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(link, "#")
			target := page
			if file != "" {
				target = filepath.Join(filepath.Dir(page), file)
			}
			info, err := os.Stat(target)
			if err != nil {
				t.Errorf("%s: link %s: %v", page, link, err)
				continue
			}
			if anchor == "" {
				continue
			}
			if info.IsDir() {
				t.Errorf("%s: link %s: an anchor into a directory", page, link)
				continue
			}
			text, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(anchors(string(text)), anchor) {
				t.Errorf("%s: link %s: %s has no heading with anchor #%s", page, link, target, anchor)
			}
		}
	}
}

// stripCode removes fenced code blocks and code spans, where brackets
// are not links.
func stripCode(s string) string {
	var out []string
	fenced := false
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, regexp.MustCompile("`[^`]*`").ReplaceAllString(line, ""))
		}
	}
	return strings.Join(out, "\n")
}

// anchors returns the anchors GitHub gives the headings of a markdown
// page: lower case, punctuation other than '-' and '_' dropped, spaces
// turned into '-'.
func anchors(page string) []string {
	var out []string
	fenced := false
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if fenced || !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(title)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		out = append(out, b.String())
	}
	return out
}

// TestHelpPrintsTheDocs checks that "concurlint help" prints the pages as
// they are in docs/: a pass's page, and one category's section of it.
func TestHelpPrintsTheDocs(t *testing.T) {
	help := func(args ...string) (int, string, string) {
		var out, errs strings.Builder
		code := driver.Run(concurlint.Analyzers, append([]string{"help"}, args...), &out, &errs)
		return code, out.String(), errs.String()
	}
	page, err := os.ReadFile("docs/passes/leak.md")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, _ := help("leak"); code != 0 || out != strings.TrimSpace(string(page))+"\n" {
		t.Errorf("help leak: exit %d, output is not docs/passes/leak.md:\n%s", code, out)
	}
	section, ok := passdoc.Section(string(page), "forgotten-sender", 2)
	if !ok || !strings.HasPrefix(section, "## forgotten-sender\n") || strings.Contains(section, "## forgotten-receiver") {
		t.Fatalf("docs/passes/leak.md has no proper forgotten-sender section: %q", section)
	}
	for _, args := range [][]string{{"leak", "forgotten-sender"}, {"leak/forgotten-sender"}, {"forgotten-sender"}} {
		if code, out, _ := help(args...); code != 0 || out != section+"\n" {
			t.Errorf("help %v: exit %d, output is not the section of docs/passes/leak.md:\n%s", args, code, out)
		}
	}
	if code, out, _ := help("unknown-pass"); code != 0 || !strings.HasPrefix(out, "### unknown-pass\n") {
		t.Errorf("help unknown-pass: exit %d\n%s", code, out)
	}
	if code, _, errs := help("leak", "nosuch"); code != 2 || !strings.Contains(errs, `leak has no category "nosuch" (categories: forgotten-sender,`) {
		t.Errorf("help leak nosuch: exit %d, %s", code, errs)
	}
}
