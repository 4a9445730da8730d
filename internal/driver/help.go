package driver

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/passdoc"
	"github.com/concurlint/concurlint/internal/sarif"
)

// help prints the list of passes (no argument), the page of a pass (help
// PASS), or the section of one category (help PASS CATEGORY, help
// PASS/CATEGORY as findings spell it, or help CATEGORY when one pass has
// it). The text is the documentation in docs/, embedded in the binary.
func help(stdout, stderr io.Writer, fs *flag.FlagSet, suite []*analysis.Analyzer, args []string) int {
	if len(args) == 0 {
		usage(stdout, fs)
		fmt.Fprintf(stdout, "\nPasses (enable one with -PASS, disable it with -PASS=false):\n")
		for _, a := range suite {
			fmt.Fprintf(stdout, "\t%-10s %s\n", a.Name, summary(a))
		}
		fmt.Fprintf(stdout, "\nRun '%[1]s help PASS' for a pass's documentation and options, '%[1]s help PASS CATEGORY' for one category.\n", progName)
		return ExitClean
	}
	name, cat, _ := strings.Cut(args[0], "/")
	if cat == "" && len(args) > 1 {
		cat = args[1]
	}
	if len(args) > 2 || len(args) > 1 && strings.Contains(args[0], "/") {
		fmt.Fprintf(stderr, "%s: help takes a pass and a category: help PASS [CATEGORY]\n", progName)
		return ExitUsage
	}
	i := slices.IndexFunc(suite, func(a *analysis.Analyzer) bool { return a.Name == name })
	if i < 0 && cat == "" {
		if pass, ok := passOfCategory(suite, name); ok {
			return helpCategory(stdout, stderr, pass, name)
		}
		for _, sh := range passdoc.Shared() {
			if sh.Has(name) {
				text, _ := sh.Section(name)
				fmt.Fprintln(stdout, text)
				return ExitClean
			}
		}
	}
	if i < 0 {
		var names []string
		for _, a := range suite {
			names = append(names, a.Name)
		}
		fmt.Fprintf(stderr, "%s: no pass named %q (passes: %s)\n", progName, name, strings.Join(names, ", "))
		return ExitUsage
	}
	a := suite[i]
	if cat != "" {
		return helpCategory(stdout, stderr, a.Name, cat)
	}
	if p, ok := passdoc.Lookup(a.Name); ok {
		fmt.Fprintln(stdout, strings.TrimSpace(p.Page()))
		return ExitClean
	}
	// A pass without a page (not one of concurlint's): its Doc and flags.
	fmt.Fprintf(stdout, "%s\n\n", strings.TrimSpace(a.Doc))
	var flags []*flag.Flag
	a.Flags.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	if len(flags) > 0 {
		fmt.Fprintf(stdout, "Options (flag -%[1]s.NAME, or settings: %[1]s: NAME: in %s):\n", a.Name, configName)
		for _, f := range flags {
			g := *f
			g.Name = a.Name + "." + f.Name
			printFlag(stdout, &g)
		}
		fmt.Fprintln(stdout)
	}
	url := a.URL
	if url == "" {
		url = sarif.HelpBase + "#" + a.Name
	}
	fmt.Fprintf(stdout, "More: %s\n", url)
	return ExitClean
}

// helpCategory prints the section that documents a category of pass.
func helpCategory(stdout, stderr io.Writer, pass, cat string) int {
	_, p, ok := passdoc.Find(pass, cat)
	if !ok {
		var names []string
		if own, ok := passdoc.Lookup(pass); ok {
			for _, c := range own.Categories() {
				names = append(names, c.Name)
			}
		}
		for _, sh := range passdoc.Shared() {
			for _, c := range sh.Categories() {
				names = append(names, c.Name)
			}
		}
		fmt.Fprintf(stderr, "%s: %s has no category %q (categories: %s)\n", progName, pass, cat, strings.Join(names, ", "))
		return ExitUsage
	}
	text, ok := p.Section(cat)
	if !ok {
		fmt.Fprintf(stderr, "%s: category %s/%s is not documented in docs/%s\n", progName, pass, cat, p.PagePath())
		return ExitError
	}
	fmt.Fprintln(stdout, text)
	return ExitClean
}

// passOfCategory returns the pass of the suite that declares the category,
// when exactly one does.
func passOfCategory(suite []*analysis.Analyzer, cat string) (string, bool) {
	var found []string
	for _, a := range suite {
		if p, ok := passdoc.Lookup(a.Name); ok && p.Has(cat) {
			found = append(found, a.Name)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// printFlag prints one flag the way flag.PrintDefaults does.
func printFlag(w io.Writer, f *flag.Flag) {
	name, usage := flag.UnquoteUsage(f)
	line := "  -" + f.Name
	if name != "" {
		line += " " + name
	}
	line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
	if def := f.DefValue; def != "" && def != "false" && def != "0" && def != "-1" {
		if _, err := strconv.ParseFloat(def, 64); err != nil && def != "true" {
			def = strconv.Quote(def)
		}
		line += fmt.Sprintf(" (default %s)", def)
	}
	fmt.Fprintln(w, line)
}

// summary returns the first line of a pass's doc without the "name: "
// prefix.
func summary(a *analysis.Analyzer) string {
	first, _, _ := strings.Cut(a.Doc, "\n")
	return strings.TrimSpace(strings.TrimPrefix(first, a.Name+":"))
}
