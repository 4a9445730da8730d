package reqpath

import (
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/analysisutil"
	"github.com/concurlint/concurlint/internal/model"
)

// Analyzer computes the request paths of a package once, for every pass
// that judges code by whether it runs per request (blocking, cpuwork). Its
// one option, -reqpath.roots, names more roots; it is the flag the
// configuration file's roots key sets. The result is a *Paths.
var Analyzer = &analysis.Analyzer{
	Name:       "reqpath",
	Doc:        "reqpath: find the request paths of a package (handlers and the functions they call), shared by the passes",
	URL:        "https://github.com/concurlint/concurlint#request-paths",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	ResultType: reflect.TypeFor[*Paths](),
	Run:        run,
}

// config holds the -reqpath.roots flag.
var config Config

func init() {
	config.RegisterFlags(&Analyzer.Flags)
}

func run(pass *analysis.Pass) (any, error) {
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	return analysisutil.Guard(pass, func(*analysisutil.Tracker) (any, error) {
		return Find(m, &config), nil
	})
}
