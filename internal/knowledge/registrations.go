package knowledge

// processRegistrations lists the functions that register a name in a
// registry of the whole process and panic when the name is registered
// again, by FullName, with the index of the name argument. A function
// that makes such a call with a constant name on every run cannot run
// twice in one process: the second run panics. The leak pass takes this
// as proof that a function runs once per process even when it is exported
// or called through reflection (a command's Run method, a shim's entry
// point), where the call graph cannot show it.
var processRegistrations = map[string]int{
	// flag.CommandLine panics with "flag redefined" (flag/flag.go,
	// (*FlagSet).Var).
	"flag.Bool":           0,
	"flag.BoolFunc":       0,
	"flag.BoolVar":        1,
	"flag.Duration":       0,
	"flag.DurationVar":    1,
	"flag.Float64":        0,
	"flag.Float64Var":     1,
	"flag.Func":           0,
	"flag.Int":            0,
	"flag.Int64":          0,
	"flag.Int64Var":       1,
	"flag.IntVar":         1,
	"flag.String":         0,
	"flag.StringVar":      1,
	"flag.TextVar":        1,
	"flag.Uint":           0,
	"flag.Uint64":         0,
	"flag.Uint64Var":      1,
	"flag.UintVar":        1,
	"flag.Var":            1,
	"net/http.Handle":     0, // DefaultServeMux panics on a pattern registered twice
	"net/http.HandleFunc": 0,
	"expvar.Publish":      0, // "Reuse of exported var name"
	"expvar.NewInt":       0,
	"expvar.NewFloat":     0,
	"expvar.NewMap":       0,
	"expvar.NewString":    0,
}

// RegistersInProcess returns the index of the name argument of the
// function with the given FullName when it registers that name in a
// registry of the whole process that panics on a second registration.
func RegistersInProcess(fullName string) (nameArg int, ok bool) {
	nameArg, ok = processRegistrations[fullName]
	return nameArg, ok
}
