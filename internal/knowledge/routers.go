package knowledge

import (
	"go/types"
	"iter"
	"slices"
	"strings"
)

// This file describes how servers receive requests: the signatures of
// request handlers in net/http and the common routers, the calls that
// register handlers, the function types a handler is converted to, and the
// types from which a handler gets the request's context. Package reqpath
// uses it to find the entry points of request paths without annotations.

// HandlerShape is the signature of a request handler of one framework.
// Types are spelled as types.TypeString spells them with full package
// paths.
type HandlerShape struct {
	Framework string
	Params    []string
	Results   []string
	// Next says the handler takes one more parameter, the next handler
	// of a middleware chain: a value with a ServeHTTP method or a
	// function that takes the same first parameters.
	Next bool
}

var (
	httpParams = []string{"net/http.ResponseWriter", "*net/http.Request"}
	errResult  = []string{"error"}
)

// handlerShapes lists the handler signatures. A function of one of these
// shapes is a handler whether or not the package registers it: the shapes
// are specific enough that nothing else has them. Besides net/http's own,
// middleware frameworks use handlers that return an error
// (ServeHTTP(w, r) error) and middleware that takes the next handler
// (ServeHTTP(w, r, next), ServeHTTP(w, r, next) error).
var handlerShapes = []HandlerShape{
	{Framework: "net/http", Params: httpParams},
	{Framework: "net/http", Params: httpParams, Results: errResult},
	{Framework: "net/http", Params: httpParams, Next: true},
	{Framework: "net/http", Params: httpParams, Results: errResult, Next: true},
	{Framework: "httprouter", Params: []string{"net/http.ResponseWriter", "*net/http.Request", "github.com/julienschmidt/httprouter.Params"}},
	{Framework: "gin", Params: []string{"*github.com/gin-gonic/gin.Context"}},
	{Framework: "echo", Params: []string{"github.com/labstack/echo/v4.Context"}, Results: errResult},
	{Framework: "fiber", Params: []string{"*github.com/gofiber/fiber/v2.Ctx"}, Results: errResult},
}

// HandlerFramework returns the framework whose handlers have signature sig
// (receiver ignored), or "".
func HandlerFramework(sig *types.Signature) string {
	for _, s := range handlerShapes {
		params := sig.Params()
		if s.Next {
			if params.Len() != len(s.Params)+1 || !isNextHandler(params.At(params.Len()-1).Type(), s.Params) {
				continue
			}
			params = types.NewTuple(slicesOf(params)[:len(s.Params)]...)
		}
		if tupleIs(params, s.Params) && tupleIs(sig.Results(), s.Results) {
			return s.Framework
		}
	}
	return ""
}

// isNextHandler reports whether t is the next handler of a middleware
// chain whose handlers take params: a type with a ServeHTTP method, or a
// function whose parameters start with params.
func isNextHandler(t types.Type, params []string) bool {
	if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP"); obj != nil {
		_, ok := obj.(*types.Func)
		return ok
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() < len(params) {
		return false
	}
	return tupleIs(types.NewTuple(slicesOf(sig.Params())[:len(params)]...), params)
}

func slicesOf(t *types.Tuple) []*types.Var {
	out := make([]*types.Var, t.Len())
	for i := range out {
		out[i] = t.At(i)
	}
	return out
}

func tupleIs(t *types.Tuple, want []string) bool {
	if t.Len() != len(want) {
		return false
	}
	for i, w := range want {
		if types.TypeString(t.At(i).Type(), nil) != w {
			return false
		}
	}
	return true
}

// handlerFuncTypes are the named function types that a function is
// converted to in order to serve as a handler (http.HandlerFunc(f)).
var handlerFuncTypes = map[string]string{
	"net/http.HandlerFunc":                       "net/http",
	"github.com/gin-gonic/gin.HandlerFunc":       "gin",
	"github.com/labstack/echo/v4.HandlerFunc":    "echo",
	"github.com/julienschmidt/httprouter.Handle": "httprouter",
	"github.com/gofiber/fiber/v2.Handler":        "fiber",
}

// HandlerFuncType returns the framework of a named handler function type
// such as http.HandlerFunc, or "".
func HandlerFuncType(t types.Type) string {
	return handlerFuncTypes[types.TypeString(t, nil)]
}

// Registration is a call that registers request handlers.
type Registration struct {
	Framework string
	// First is the index, among the call's arguments (receiver
	// excluded), of the first handler; every later argument of a handler
	// type (a function or an http.Handler) is a handler or middleware
	// too.
	First int
}

// registrations maps the FullName of a registering function or method to
// where its handlers are. Router methods are listed on the type that
// declares them (promoted methods resolve there) and on the routers'
// interfaces, which route groups are usually reached through.
var registrations = map[string]Registration{
	"net/http.HandleFunc":                              {"net/http", 1},
	"net/http.Handle":                                  {"net/http", 1},
	"(*net/http.ServeMux).HandleFunc":                  {"net/http", 1},
	"(*net/http.ServeMux).Handle":                      {"net/http", 1},
	"net/http.TimeoutHandler":                          {"net/http", 0},
	"net/http.StripPrefix":                             {"net/http", 1},
	"net/http.MaxBytesHandler":                         {"net/http", 0},
	"(*github.com/gorilla/mux.Router).HandleFunc":      {"gorilla/mux", 1},
	"(*github.com/gorilla/mux.Router).Handle":          {"gorilla/mux", 1},
	"(*github.com/gorilla/mux.Route).HandlerFunc":      {"gorilla/mux", 0},
	"(*github.com/gorilla/mux.Route).Handler":          {"gorilla/mux", 0},
	"(*github.com/gorilla/mux.Router).NotFoundHandler": {"gorilla/mux", 0},
}

func init() {
	methods := []string{"Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Connect", "Trace"}
	for _, recv := range []string{"(*github.com/go-chi/chi/v5.Mux)", "(github.com/go-chi/chi/v5.Router)"} {
		for _, m := range methods {
			registrations[recv+"."+m] = Registration{"chi", 1}
		}
		registrations[recv+".Handle"] = Registration{"chi", 1}
		registrations[recv+".HandleFunc"] = Registration{"chi", 1}
		registrations[recv+".Method"] = Registration{"chi", 2}
		registrations[recv+".MethodFunc"] = Registration{"chi", 2}
		registrations[recv+".Mount"] = Registration{"chi", 1}
		registrations[recv+".NotFound"] = Registration{"chi", 0}
		registrations[recv+".MethodNotAllowed"] = Registration{"chi", 0}
	}
	for _, recv := range []string{"(*github.com/gin-gonic/gin.RouterGroup)", "(github.com/gin-gonic/gin.IRoutes)", "(github.com/gin-gonic/gin.IRouter)"} {
		for _, m := range methods {
			registrations[recv+"."+strings.ToUpper(m)] = Registration{"gin", 1}
		}
		registrations[recv+".Any"] = Registration{"gin", 1}
		registrations[recv+".Handle"] = Registration{"gin", 2}
		registrations[recv+".Use"] = Registration{"gin", 0}
		registrations[recv+".Group"] = Registration{"gin", 1}
	}
	for _, recv := range []string{"(*github.com/labstack/echo/v4.Echo)", "(*github.com/labstack/echo/v4.Group)"} {
		for _, m := range methods {
			registrations[recv+"."+strings.ToUpper(m)] = Registration{"echo", 1}
		}
		registrations[recv+".Any"] = Registration{"echo", 1}
		registrations[recv+".Add"] = Registration{"echo", 2}
		registrations[recv+".Match"] = Registration{"echo", 2}
	}
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"} {
		registrations["(*github.com/julienschmidt/httprouter.Router)."+m] = Registration{"httprouter", 1}
	}
	for _, recv := range []string{"(*github.com/gofiber/fiber/v2.App)", "(*github.com/gofiber/fiber/v2.Group)", "(github.com/gofiber/fiber/v2.Router)"} {
		for _, m := range append(methods, "All", "Use") {
			first := 1
			if m == "Use" {
				first = 0 // Use(args ...any): a path, then handlers
			}
			registrations[recv+"."+m] = Registration{"fiber", first}
		}
		registrations[recv+".Add"] = Registration{"fiber", 2}
	}
	registrations["(*github.com/julienschmidt/httprouter.Router).Handle"] = Registration{"httprouter", 2}
	registrations["(*github.com/julienschmidt/httprouter.Router).HandlerFunc"] = Registration{"httprouter", 2}
	registrations["(*github.com/julienschmidt/httprouter.Router).Handler"] = Registration{"httprouter", 2}
}

// LookupRegistration returns the registration entry of fn, if fn registers
// request handlers.
func LookupRegistration(fn *types.Func) (Registration, bool) {
	if fn == nil {
		return Registration{}, false
	}
	r, ok := registrations[Key(fn)]
	return r, ok
}

// grpcRegistrars are the types of the first parameter of a generated
// RegisterFooServer function.
var grpcRegistrars = map[string]bool{
	"google.golang.org/grpc.ServiceRegistrar": true,
	"*google.golang.org/grpc.Server":          true,
}

// GRPCServiceInterface reports whether fn is a generated gRPC registration
// function, RegisterFooServer(s grpc.ServiceRegistrar, srv FooServer), and
// returns the service interface FooServer whose methods are the handlers.
func GRPCServiceInterface(fn *types.Func) (*types.Named, bool) {
	name := fn.Name()
	if !strings.HasPrefix(name, "Register") || !strings.HasSuffix(name, "Server") || len(name) <= len("RegisterServer") {
		return nil, false
	}
	sig := fn.Signature()
	if sig.Recv() != nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return nil, false
	}
	if !grpcRegistrars[types.TypeString(sig.Params().At(0).Type(), nil)] {
		return nil, false
	}
	named, ok := sig.Params().At(1).Type().(*types.Named)
	if !ok || !types.IsInterface(named) {
		return nil, false
	}
	return named, true
}

// GRPCServices returns the gRPC service interfaces that generated
// registration functions of pkg or of its direct imports take, in the
// order they are found.
func GRPCServices(pkg *types.Package) []*types.Named {
	var services []*types.Named
	scan := func(p *types.Package) {
		scope := p.Scope()
		for _, name := range scope.Names() {
			if !strings.HasPrefix(name, "Register") {
				continue
			}
			if fn, ok := scope.Lookup(name).(*types.Func); ok {
				if iface, ok := GRPCServiceInterface(fn); ok && !slices.Contains(services, iface) {
					services = append(services, iface)
				}
			}
		}
	}
	scan(pkg)
	for _, imp := range pkg.Imports() {
		scan(imp)
	}
	return services
}

// GRPCMethods yields the methods of pkg's types that implement a method
// of a gRPC service interface (GRPCServices), with the service: the
// request-path entry points of a gRPC server. Methods promoted from
// another package's type (an embedded Unimplemented...Server) are left
// out. The order is that of pkg's scope, then of the services and of
// their methods.
func GRPCMethods(pkg *types.Package) iter.Seq2[*types.Named, *types.Func] {
	return func(yield func(*types.Named, *types.Func) bool) {
		services := GRPCServices(pkg)
		if len(services) == 0 {
			return
		}
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			ptr := types.NewPointer(tn.Type())
			for _, svc := range services {
				iface := svc.Underlying().(*types.Interface)
				if !types.Implements(ptr, iface) {
					continue
				}
				for i := 0; i < iface.NumMethods(); i++ {
					obj, _, _ := types.LookupFieldOrMethod(ptr, true, pkg, iface.Method(i).Name())
					if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pkg && !yield(svc, fn) {
						return
					}
				}
			}
		}
	}
}

// contextSources maps a type to how code holding a value of it spells the
// request's context ("%s" stands for the value). Besides these, a gRPC
// stream (a type with RecvMsg and Context() context.Context methods) is a
// source, spelled "%s.Context()".
var contextSources = map[string]string{
	"context.Context":                     "%s",
	"*net/http.Request":                   "%s.Context()",
	"*github.com/gin-gonic/gin.Context":   "%s.Request.Context()",
	"github.com/labstack/echo/v4.Context": "%s.Request().Context()",
	"*github.com/gofiber/fiber/v2.Ctx":    "%s.UserContext()",
}

// requestConns are the types, as types.TypeString spells them, of a
// request's own connection, given to its handler: I/O on it (or on a
// connection made from it, hijacked or upgraded) ends when the client
// goes away, so it is bounded by the request.
var requestConns = map[string]bool{
	"net/http.ResponseWriter": true,
}

// IsRequestConn reports whether the type spelled typeString is that of a
// request's own connection.
func IsRequestConn(typeString string) bool { return requestConns[typeString] }

// ContextSource reports whether values of type t carry a request's
// context, and how to spell that context given the value's spelling.
func ContextSource(t types.Type) (format string, ok bool) {
	if f, ok := contextSources[types.TypeString(t, nil)]; ok {
		return f, true
	}
	// A gRPC server stream: Context() context.Context beside RecvMsg.
	if recv, _, _ := types.LookupFieldOrMethod(t, true, nil, "RecvMsg"); recv == nil {
		return "", false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	if fn, ok := obj.(*types.Func); ok && fn.Exported() {
		sig := fn.Signature()
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
			types.TypeString(sig.Results().At(0).Type(), nil) == "context.Context" {
			return "%s.Context()", true
		}
	}
	return "", false
}

// spawners are calls that run a function argument on a new goroutine,
// keyed by FullName, with the index of that argument (receiver excluded)
// and, for those that count their goroutines in a group, the FullName of
// the method that waits for the group.
var spawners = map[string]struct {
	arg  int
	wait string
	// perFiring says the function runs once each time a timer fires,
	// not as a goroutine that lives on.
	perFiring bool
}{
	"(*golang.org/x/sync/errgroup.Group).Go":    {arg: 0, wait: "(*golang.org/x/sync/errgroup.Group).Wait"},
	"(*golang.org/x/sync/errgroup.Group).TryGo": {arg: 0, wait: "(*golang.org/x/sync/errgroup.Group).Wait"},
	"(*sync.WaitGroup).Go":                      {arg: 0, wait: "(*sync.WaitGroup).Wait"},
	"time.AfterFunc":                            {arg: 1, perFiring: true},
}

// Spawner reports whether fn runs one of its arguments on a new goroutine,
// and which (receiver excluded).
func Spawner(fn *types.Func) (arg int, ok bool) {
	if fn == nil {
		return 0, false
	}
	e, ok := spawners[Key(fn)]
	return e.arg, ok
}

// GroupWait returns, for a spawner (by FullName) that counts the
// goroutines it starts in a group (its receiver), the FullName of the
// method that waits for them: "(*sync.WaitGroup).Go" gives
// "(*sync.WaitGroup).Wait".
func GroupWait(spawner string) (string, bool) {
	e := spawners[spawner]
	return e.wait, e.wait != ""
}

// SpawnsPerFiring reports whether the spawner (by FullName) runs its
// function once per firing of a timer (time.AfterFunc).
func SpawnsPerFiring(spawner string) bool { return spawners[spawner].perFiring }

// testServers are the calls that serve a handler in a test (keyed by
// FullName, with the index of the handler argument): what they serve is a
// test server, not a request path.
var testServers = map[string]int{
	"net/http/httptest.NewServer":          0,
	"net/http/httptest.NewTLSServer":       0,
	"net/http/httptest.NewUnstartedServer": 0,
}

// TestServer reports whether fn starts a test server, and which of its
// arguments is the handler.
func TestServer(fn *types.Func) (arg int, ok bool) {
	if fn == nil {
		return 0, false
	}
	arg, ok = testServers[Key(fn)]
	return arg, ok
}

// testingTypes are the types of the testing package a test or a test
// helper takes.
var testingTypes = map[string]bool{
	"*testing.T": true, "*testing.B": true, "*testing.F": true, "testing.TB": true,
}

// IsTestingType reports whether t is *testing.T, *testing.B, *testing.F
// or testing.TB.
func IsTestingType(t types.Type) bool { return testingTypes[types.TypeString(t, nil)] }
