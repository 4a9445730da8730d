package knowledge

import "go/types"

// Spawn describes a library method that runs one of its function arguments
// in a new goroutine.
type Spawn struct {
	// FuncArg is the index, among the call's arguments (receiver
	// excluded), of the function the new goroutine runs.
	FuncArg int
	// Limit names the receiver's method that bounds how many of its
	// goroutines run at once ("SetLimit"), or "" when it has none.
	Limit string
}

// spawns lists the library methods that start goroutines.
var spawns = map[string]Spawn{
	// errgroup starts one goroutine per Go unless SetLimit was called.
	"(*golang.org/x/sync/errgroup.Group).Go": {FuncArg: 0, Limit: "SetLimit"},
	// sync.WaitGroup.Go (Go 1.25) is Add(1), go f(), Done in one call.
	"(*sync.WaitGroup).Go": {FuncArg: 0},
}

// LookupSpawn returns the entry for fn if calling it starts a goroutine.
func LookupSpawn(fn *types.Func) (Spawn, bool) {
	if fn == nil {
		return Spawn{}, false
	}
	s, ok := spawns[Key(fn)]
	return s, ok
}

// limiters are calls that wait for permission to go on: made before a
// goroutine starts, or first thing inside it, they bound how many such
// goroutines run at once (a semaphore) or how fast they start (a rate
// limiter).
var limiters = map[string]bool{
	"(*golang.org/x/sync/semaphore.Weighted).Acquire":    true,
	"(*golang.org/x/sync/semaphore.Weighted).TryAcquire": true, // the caller skips or waits when it fails
	"(*golang.org/x/time/rate.Limiter).Wait":             true,
	"(*golang.org/x/time/rate.Limiter).WaitN":            true,
	"(*golang.org/x/time/rate.Limiter).Allow":            true, // the caller skips when it fails
	"(*golang.org/x/time/rate.Limiter).AllowN":           true,
}

// IsLimiter reports whether calling fn acquires a concurrency or rate
// limit: by the table, or because a limiters flag names it or its type.
func IsLimiter(fn *types.Func) bool {
	return fn != nil && (limiters[Key(fn)] || isExtraLimiter(fn))
}

// ConstWork describes a function whose result depends only on its
// arguments and costs real CPU to compute: called again with the same
// constant arguments, it redoes the same work.
type ConstWork struct {
	// Args are the indices of the arguments (receiver excluded) that must
	// be constant for the result to be constant; nil means all of them.
	Args []int
	// Does says what the call does with them, for messages: "compiles a
	// constant pattern".
	Does string
	// Hoist says the call may move unchanged to a package-level variable
	// initialiser: it has no effect but its result and it panics on bad
	// input (the Must forms).
	Hoist bool
	// Validate names how to check the constant before hoisting it, so
	// that a bad pattern does not turn into a panic at start-up:
	// "regexp" or "regexp-posix".
	Validate string
	// FreshReceiver says, for a method, that the receiver must itself be
	// built from constants in the same expression
	// (template.New("x").Parse(text)): parsing into a shared template
	// is not constant work.
	FreshReceiver bool
}

// constWork lists functions that redo the same work on constant arguments.
var constWork = map[string]ConstWork{
	"regexp.Compile":                  {Args: []int{0}, Does: "compiles a constant pattern"},
	"regexp.CompilePOSIX":             {Args: []int{0}, Does: "compiles a constant pattern"},
	"regexp.MustCompile":              {Args: []int{0}, Does: "compiles a constant pattern", Hoist: true, Validate: "regexp"},
	"regexp.MustCompilePOSIX":         {Args: []int{0}, Does: "compiles a constant pattern", Hoist: true, Validate: "regexp-posix"},
	"regexp.MatchString":              {Args: []int{0}, Does: "compiles its constant pattern"},
	"regexp.Match":                    {Args: []int{0}, Does: "compiles its constant pattern"},
	"regexp.MatchReader":              {Args: []int{0}, Does: "compiles its constant pattern"},
	"strings.NewReplacer":             {Does: "builds a replacer from constant strings"},
	"(*text/template.Template).Parse": {Args: []int{0}, Does: "parses a constant template", FreshReceiver: true},
	"(*html/template.Template).Parse": {Args: []int{0}, Does: "parses a constant template", FreshReceiver: true},
}

// freshBuilders are calls that build a new value from their arguments
// alone; a receiver built by a chain of them (template.New("x").Funcs(m))
// is fresh.
var freshBuilders = map[string]bool{
	"text/template.New":                true,
	"(*text/template.Template).Funcs":  true,
	"(*text/template.Template).Option": true,
	"(*text/template.Template).Delims": true,
	"html/template.New":                true,
	"(*html/template.Template).Funcs":  true,
	"(*html/template.Template).Option": true,
	"(*html/template.Template).Delims": true,
}

// IsFreshBuilder reports whether fn builds a new value from its arguments
// and receiver alone.
func IsFreshBuilder(fn *types.Func) bool {
	return fn != nil && freshBuilders[Key(fn)]
}

// LookupConstWork returns the entry for fn if calling it with constant
// arguments redoes constant work.
func LookupConstWork(fn *types.Func) (ConstWork, bool) {
	if fn == nil {
		return ConstWork{}, false
	}
	w, ok := constWork[Key(fn)]
	return w, ok
}

// AddConstWork extends the constant-work table with a user-named function
// whose arguments must all be constant, keyed by FullName. It is meant for
// start-up configuration (flags), before any analysis runs.
func AddConstWork(fullName string) {
	if _, ok := constWork[fullName]; ok {
		return
	}
	constWork[fullName] = ConstWork{Does: "computes a result from constant arguments"}
}

// ConstWorkNames returns every key of the constant-work table, for
// documentation and tests.
func ConstWorkNames() []string {
	names := make([]string, 0, len(constWork))
	for k := range constWork {
		names = append(names, k)
	}
	return names
}

// clientTypes are handles on a remote service that are not connections
// themselves: a value holding one talks to one endpoint (or one cluster).
var clientTypes = map[string]bool{
	"*net/http.Client":                           true,
	"*database/sql.DB":                           true,
	"*database/sql.Conn":                         true,
	"*google.golang.org/grpc.ClientConn":         true,
	"google.golang.org/grpc.ClientConnInterface": true,
}

// clientsWithoutTimeout are the package-level clients, by package path
// and name, that have no timeout: a call on one waits as long as the
// server does.
var clientsWithoutTimeout = map[string]bool{
	"net/http.DefaultClient": true,
}

// IsClientWithoutTimeout reports whether the package-level variable name
// of the package with that path is a client without a timeout.
func IsClientWithoutTimeout(pkgPath, name string) bool {
	return clientsWithoutTimeout[pkgPath+"."+name]
}

// IsClientType reports whether values of type t are handles on a remote
// service: a network connection or listener (IsNetworkType) or a client
// from clientTypes.
func IsClientType(t types.Type) bool {
	return IsNetworkType(t) || clientTypes[types.TypeString(t, nil)]
}
