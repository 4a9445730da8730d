package config

import (
	"flag"
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Top-level keys that set the flag of the same name of every analyzer
// that has one: the file only maps onto flags, so that every driver can be
// given the same configuration.
const (
	FlagExtraBlocking = "extra-blocking" // value: FormatBlocking's spelling
	FlagRoots         = "roots"          // value: comma-separated names
	FlagLimiters      = "limiters"       // value: comma-separated names
	FlagGenerated     = "generated"      // value: skip or report
)

// Apply checks the configuration against the suite and sets the analyzers'
// flags from it. suite holds the user-facing passes; the analyzers they
// require are searched for flags too. Settings are applied after the
// reserved keys, so a pass's own setting wins. A pass or option the suite
// does not have is an error naming the key and its line.
//
// Apply must run before command-line flags are parsed, so that an explicit
// flag overrides the file.
func (c *Config) Apply(suite []*analysis.Analyzer) error {
	byName := make(map[string]*analysis.Analyzer)
	for a := range expand(suite) {
		byName[a.Name] = a
	}
	userFacing := make(map[string]bool)
	var names []string
	for _, a := range suite {
		userFacing[a.Name] = true
		names = append(names, a.Name)
	}
	for _, s := range c.Passes {
		if !userFacing[s.Pass] {
			return fmt.Errorf("%s: passes: unknown pass %q (passes: %s)", c.at(s.Line), s.Pass, strings.Join(names, ", "))
		}
	}

	reserved := map[string]string{}
	if len(c.ExtraBlocking) > 0 {
		reserved[FlagExtraBlocking] = FormatBlocking(c.ExtraBlocking)
	}
	if len(c.Roots) > 0 {
		reserved[FlagRoots] = strings.Join(c.Roots, ",")
	}
	if len(c.Limiters) > 0 {
		reserved[FlagLimiters] = strings.Join(c.Limiters, ",")
	}
	if c.Generated != "" {
		reserved[FlagGenerated] = string(c.Generated)
	}
	for a := range expand(suite) {
		for name, value := range reserved {
			if a.Flags.Lookup(name) != nil {
				if err := a.Flags.Set(name, value); err != nil {
					return fmt.Errorf("%s: %s: cannot set -%s.%s: %v", c.Path, name, a.Name, name, err)
				}
			}
		}
	}

	for _, s := range c.Settings {
		a := byName[s.Pass]
		if a == nil {
			return fmt.Errorf("%s: settings: unknown pass %q (passes: %s)", c.at(s.Line), s.Pass, strings.Join(names, ", "))
		}
		if a.Flags.Lookup(s.Name) == nil {
			var opts []string
			a.Flags.VisitAll(func(f *flag.Flag) { opts = append(opts, f.Name) })
			known := "it has no options"
			if len(opts) > 0 {
				known = "its options: " + strings.Join(opts, ", ")
			}
			return fmt.Errorf("%s: settings.%s: unknown option %q (%s)", c.at(s.Line), s.Pass, s.Name, known)
		}
		if err := a.Flags.Set(s.Name, s.Value); err != nil {
			return fmt.Errorf("%s: settings.%s.%s: %v", c.at(s.Line), s.Pass, s.Name, err)
		}
	}
	return nil
}

// at spells where an entry of the configuration comes from, for messages:
// "file:line", or just the source's name for entries that were not read
// from a file (line 0), such as a golangci-lint plugin's settings.
func (c *Config) at(line int) string {
	if line == 0 {
		return c.Path
	}
	return fmt.Sprintf("%s:%d", c.Path, line)
}

// expand returns the analyzers and everything they require.
func expand(as []*analysis.Analyzer) map[*analysis.Analyzer]bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if !seen[a] {
				seen[a] = true
				visit(a.Requires)
			}
		}
	}
	visit(as)
	return seen
}
