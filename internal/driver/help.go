package driver

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/sarif"
)

// help prints the list of passes (no argument) or the documentation of the
// named passes.
func help(stdout, stderr io.Writer, fs *flag.FlagSet, suite []*analysis.Analyzer, args []string) int {
	if len(args) == 0 {
		usage(stdout, fs)
		fmt.Fprintf(stdout, "\nPasses (enable one with -PASS, disable it with -PASS=false):\n")
		for _, a := range suite {
			fmt.Fprintf(stdout, "\t%-10s %s\n", a.Name, summary(a))
		}
		fmt.Fprintf(stdout, "\nRun '%s help PASS' for a pass's documentation, options and categories.\n", progName)
		return ExitClean
	}
	code := ExitClean
	for n, name := range args {
		i := slices.IndexFunc(suite, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			var names []string
			for _, a := range suite {
				names = append(names, a.Name)
			}
			fmt.Fprintf(stderr, "%s: no pass named %q (passes: %s)\n", progName, name, strings.Join(names, ", "))
			code = ExitUsage
			continue
		}
		if n > 0 {
			fmt.Fprintln(stdout)
		}
		a := suite[i]
		fmt.Fprintf(stdout, "%s\n\n", strings.TrimSpace(a.Doc))
		if cats := categories(a.Doc); len(cats) > 0 {
			fmt.Fprintf(stdout, "Categories: %s\n\n", strings.Join(cats, ", "))
		}
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
	}
	return code
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

// Categories are not declared by analyzers; concurlint's passes list them
// in their documentation as kebab-case names heading a list item
// ("  - send-under-lock, recv-under-lock: ...") or a clause
// ("; recursive-rlock: ...").
var (
	bulletRE   = regexp.MustCompile(`(?m)^\s*-\s+([^:\n]+):`)
	clauseRE   = regexp.MustCompile(`;\s+([a-z]+(?:-[a-z]+)+):`)
	categoryRE = regexp.MustCompile(`^[a-z]+(?:-[a-z]+)+$`)
)

// categories extracts the category names a pass's doc lists, in order.
func categories(doc string) []string {
	var out []string
	add := func(s string) {
		if categoryRE.MatchString(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, m := range bulletRE.FindAllStringSubmatch(doc, -1) {
		for _, part := range strings.Split(m[1], ",") {
			add(strings.TrimSpace(part))
		}
	}
	for _, m := range clauseRE.FindAllStringSubmatch(doc, -1) {
		add(m[1])
	}
	return out
}
