// Package constwork holds constant work redone in loops and per request,
// and the look-alikes done once.
package constwork

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"text/template"

	"google.golang.org/grpc"
)

func InLoop(lines []string) int {
	n := 0
	for _, l := range lines {
		if regexp.MustCompile(`^\d+$`).MatchString(l) { // [constant-work-in-loop] // want `regexp.MustCompile compiles a constant pattern on every iteration of the loop at constwork.go:\d+; compile it once, in a package-level variable`
			n++
		}
	}
	return n
}

func InLoopAssigned(lines []string) int {
	n := 0
	for _, l := range lines {
		word := regexp.MustCompile("[a-z]+") // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
		n += len(word.FindAllString(l, -1))
	}
	return n
}

const local = `x+`

func InLoopConstIdent(lines []string) (n int) {
	const pattern = local + `y`
	for _, l := range lines {
		re := regexp.MustCompile(pattern) // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

func Handle(w http.ResponseWriter, r *http.Request) {
	re := regexp.MustCompile(`^/api/(\w+)$`) // [constant-work-per-request] // want `regexp.MustCompile compiles a constant pattern on every request to Handle \(http handler\)`
	_ = re.FindStringSubmatch(r.URL.Path)
}

type handleRe struct{} // takes the name the fix would choose first

func (handleRe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if ok, _ := regexp.MatchString(`^\d+$`, r.URL.Query().Get("id")); !ok { // [constant-work-per-request] // want `regexp.MatchString compiles its constant pattern on every request to \(handleRe\).ServeHTTP \(ServeHTTP method\)`
		http.Error(w, "bad id", http.StatusBadRequest)
	}
}

func Page(w http.ResponseWriter, r *http.Request) {
	t, err := template.New("page").Parse(`<h1>{{.}}</h1>`) // [constant-work-per-request] // want `template.New\("page"\).Parse parses a constant template on every request`
	if err != nil {
		return
	}
	t.Execute(w, r.URL.Path)
}

func Escape(in []string) []string {
	var out []string
	for _, s := range in {
		out = append(out, strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)) // [constant-work-in-loop] // want `strings.NewReplacer builds a replacer from constant strings on every iteration`
	}
	return out
}

func CompileInLoop(lines []string) {
	for _, l := range lines {
		re, err := regexp.Compile(`a+`) // [constant-work-in-loop] // want `regexp.Compile compiles a constant pattern on every iteration`
		if err == nil {
			_ = re.MatchString(l)
		}
	}
}

type SearchRequest struct{ Query string }

type SearchServer interface {
	Search(context.Context, *SearchRequest) (bool, error)
}

func RegisterSearchServer(s grpc.ServiceRegistrar, srv SearchServer) {}

type searchServer struct{}

func (s *searchServer) Search(ctx context.Context, req *SearchRequest) (bool, error) {
	return regexp.MustCompile(`^[a-z]+$`).MatchString(req.Query), nil // [constant-work-per-request] // want `on every request to \(\*searchServer\).Search \(gRPC method of constwork.SearchServer\)`
}

func Longest(lines []string) {
	for _, l := range lines {
		re := regexp.MustCompile(`a+`) // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
		re.Longest()                   // no fix: Longest changes the regexp in place
		_ = re.MatchString(l)
	}
}

func BadPattern(lines []string) {
	for range lines {
		regexp.MustCompile(`(`) // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
	}
}

// Negatives.

var digits = regexp.MustCompile(`^\d+$`) // ok: package level

var init1 *regexp.Regexp

func init() {
	for i := 0; i < 1; i++ {
		init1 = regexp.MustCompile(`once`) // ok: init runs once
	}
}

func Dynamic(patterns []string, s string) {
	for _, p := range patterns {
		regexp.MustCompile(p).MatchString(s) // ok: the pattern varies
	}
}

var lazy *regexp.Regexp

func Lazy(w http.ResponseWriter, r *http.Request) {
	if lazy == nil {
		lazy = regexp.MustCompile(`lazy`) // ok: cached in a package variable
	}
}

type Cache struct{ re *regexp.Regexp }

func (c *Cache) Handle(w http.ResponseWriter, r *http.Request) {
	if c.re == nil {
		c.re = regexp.MustCompile(`field`) // ok: cached in a field
	}
}

var once sync.Once
var onceRe *regexp.Regexp

func OnceHandler(w http.ResponseWriter, r *http.Request) {
	once.Do(func() {
		onceRe = regexp.MustCompile(`once`) // ok: inside sync.Once
	})
	get := sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`value`) // ok: inside sync.OnceValue
	})
	_ = get
}

func Helper(s string) bool {
	return regexp.MustCompile(`helper`).MatchString(s) // ok: not on a request path nor in a loop
}

func API(w http.ResponseWriter, r *http.Request) {
	if !validName(r.URL.Query().Get("name")) {
		http.Error(w, "bad name", http.StatusBadRequest)
	}
}

func validName(name string) bool {
	return regexp.MustCompile(`^[a-z]+$`).MatchString(name) // [constant-work-per-request] // want `on every request, on the request path API → validName \(http handler\)`
}

var shared = template.New("shared")

func AddTemplates(names []string) {
	for range names {
		shared.Parse(`{{define "x"}}x{{end}}`) // ok: parses into a shared template, not constant work
	}
}

func ParseTLS(conf map[string]any) {
	for k, v := range conf {
		switch k {
		case "pinned_certs":
			re := regexp.MustCompile("^[A-Fa-f0-9]{64}$") // ok: one key, so once per call
			_ = re.MatchString(v.(string))
		}
	}
}

func Digits(lines []string) (n int) {
	for _, l := range lines {
		if digits.MatchString(l) { // ok: compiled once
			n++
		}
	}
	return n
}

func ParseNumbers(lines []string) (n int) {
	for _, l := range lines {
		numRe := regexp.MustCompile(`\d+`) // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
		n += len(numRe.FindAllString(l, -1))
	}
	return n
}

func POSIX(lines []string) (n int) {
	for _, l := range lines {
		if regexp.MustCompilePOSIX(`a+b`).MatchString(l) { // [constant-work-in-loop] // want `regexp.MustCompilePOSIX compiles a constant pattern on every iteration`
			n++
		}
	}
	return n
}

// CompileSchema is named by -const-funcs in the test.
func CompileSchema(src string) int { return len(src) }

func Validate(docs []string) {
	for range docs {
		_ = CompileSchema(`{"type":"object"}`) // [constant-work-in-loop] // want `CompileSchema computes a result from constant arguments on every iteration of the loop at constwork.go:\d+; compute it once, in a package-level variable`
	}
}
