package driver

import (
	"flag"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Some options belong to an analyzer the passes share rather than to a
// pass: the request paths of the reqpath analyzer, which blocking and
// cpuwork both use, are configured once, with -reqpath.roots. Drivers
// declare only the flags of the analyzers they are given, so these are
// declared here, under the shared analyzer's name, in both modes.

// shared returns the analyzers the suite requires, directly or through
// others, that are not in the suite and have flags, in the order they are
// first required.
func shared(suite []*analysis.Analyzer) []*analysis.Analyzer {
	return required(suite, func(a *analysis.Analyzer) (keep, descend bool) {
		return !slices.Contains(suite, a) && hasFlags(a), true
	})
}

// required walks as and what they require, transitively, each analyzer
// once, and returns those pick keeps, in the order first found; pick also
// says whether to walk on into an analyzer's requirements.
func required(as []*analysis.Analyzer, pick func(*analysis.Analyzer) (keep, descend bool)) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer)
	visit = func(as []*analysis.Analyzer) {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			keep, descend := pick(a)
			if keep {
				out = append(out, a)
			}
			if descend {
				visit(a.Requires)
			}
		}
	}
	visit(as)
	return out
}

func hasFlags(a *analysis.Analyzer) bool {
	n := 0
	a.Flags.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// declareShared declares -NAME.FLAG on fs for every flag of the shared
// analyzers, sharing the analyzer's flag.Value.
func declareShared(fs *flag.FlagSet, suite []*analysis.Analyzer) {
	for _, a := range shared(suite) {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
}
