package knowledge

import (
	"flag"
	"fmt"
	"go/types"
	"strings"
	"sync"
	"sync/atomic"
)

// This file holds the user's extensions of the tables. Each is a flag of
// the pass that owns it (-lockawait.extra-blocking, -blocking.extra-blocking,
// -cpuwork.limiters), so that every driver — the command, go vet, nogo,
// golangci-lint, a multichecker of one's own — can set it; the
// configuration file only maps onto those flags. A flag's Set installs its
// entries in the table at once: the model reads the blocking table while
// it summarises, before any pass runs, so a pass's Run would be too late.
// Flags are set before the analysis starts; the installed entries are read
// through an atomic pointer, so that a late Set (a golangci-lint plugin
// built twice) never races with a lookup.

// BlockingFlag is the value of an extra-blocking flag: comma-separated
// "FullName=kind" entries naming functions that block and how
// ("(*example.com/db.Client).Call=network"). The blocking table is shared,
// so every pass treats the entries as blocking, whichever pass's flag
// names them. Entries of the built-in table win over a user's.
type BlockingFlag struct {
	text    string
	entries map[string]Kind
}

var (
	extMu         sync.Mutex
	blockingFlags []*BlockingFlag
	extraBlocking atomic.Pointer[map[string]Op]
)

// NewBlockingFlag returns an empty extra-blocking flag value whose entries,
// once set, are part of the blocking table.
func NewBlockingFlag() *BlockingFlag {
	f := new(BlockingFlag)
	extMu.Lock()
	blockingFlags = append(blockingFlags, f)
	extMu.Unlock()
	return f
}

// RegisterBlockingFlag registers a pass's -extra-blocking flag on fs.
func RegisterBlockingFlag(fs *flag.FlagSet) {
	fs.Var(NewBlockingFlag(), "extra-blocking", "comma-separated FullName=kind entries naming more functions that block (kinds: channel, sleep, sync-wait, network, process, file), e.g. (*example.com/db.Client).Call=network; the table is shared by every pass")
}

func (f *BlockingFlag) String() string {
	if f == nil {
		return ""
	}
	return f.text
}

// Set replaces the flag's entries with those of s.
func (f *BlockingFlag) Set(s string) error {
	entries := make(map[string]Kind)
	for _, e := range SplitNames(s) {
		i := strings.LastIndex(e, "=")
		if i < 0 {
			return fmt.Errorf("entry %q: want FullName=kind", e)
		}
		name, kindName := strings.TrimSpace(e[:i]), strings.TrimSpace(e[i+1:])
		kind, ok := ParseKind(kindName)
		if !ok {
			return fmt.Errorf("entry %q: unknown kind %q (kinds: %s)", e, kindName, strings.Join(KindNames(), ", "))
		}
		if name == "" {
			return fmt.Errorf("entry %q: no function named", e)
		}
		entries[name] = kind
	}
	extMu.Lock()
	defer extMu.Unlock()
	f.text, f.entries = s, entries
	all := make(map[string]Op)
	for _, g := range blockingFlags {
		for name, kind := range g.entries {
			all[name] = Op{Kind: kind, CtxArg: -1}
		}
	}
	extraBlocking.Store(&all)
	return nil
}

// lookupExtra returns the user's entry for a FullName key.
func lookupExtra(key string) (Op, bool) {
	m := extraBlocking.Load()
	if m == nil {
		return Op{}, false
	}
	op, ok := (*m)[key]
	return op, ok
}

// LimiterFlag is the value of a limiters flag: comma-separated limiter
// types ("example.com/sem.Gate": a call of any of its methods waits for
// permission) or limiter methods by FullName ("(*example.com/sem.Gate).Enter").
type LimiterFlag struct {
	text    string
	types   map[string]bool // "pkgpath.Name"
	methods map[string]bool // FullName
}

var limiterFlag atomic.Pointer[LimiterFlag]

// NewLimiterFlag returns an empty limiters flag value whose entries, once
// set, count as limiters (IsLimiter). There is one such flag.
func NewLimiterFlag() *LimiterFlag { return new(LimiterFlag) }

func (f *LimiterFlag) String() string {
	if f == nil {
		return ""
	}
	return f.text
}

// Set replaces the flag's entries with those of s.
func (f *LimiterFlag) Set(s string) error {
	g := &LimiterFlag{text: s, types: make(map[string]bool), methods: make(map[string]bool)}
	for _, e := range SplitNames(s) {
		switch {
		case strings.HasPrefix(e, "("):
			g.methods[e] = true
		case strings.Contains(e, "."):
			g.types[strings.TrimPrefix(e, "*")] = true
		default:
			return fmt.Errorf("limiter %q: want a type (pkg/path.Type) or a method ((*pkg/path.Type).Method)", e)
		}
	}
	*f = *g
	limiterFlag.Store(g)
	return nil
}

// isExtraLimiter reports whether the user named fn, or its receiver's
// type, as a limiter.
func isExtraLimiter(fn *types.Func) bool {
	f := limiterFlag.Load()
	if f == nil || len(f.types)+len(f.methods) == 0 {
		return false
	}
	if f.methods[Key(fn)] {
		return true
	}
	recv := fn.Origin().Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	return f.types[named.Obj().Pkg().Path()+"."+named.Obj().Name()]
}

// ParseKind returns the Kind named name ("network", "file", ...): the
// names of Kind.String, except "none", which is no kind of blocking.
func ParseKind(name string) (Kind, bool) {
	for k := Channel; int(k) < len(kindNames); k++ {
		if k.String() == name {
			return k, true
		}
	}
	return None, false
}

// KindNames returns the names of the kinds of blocking, for messages.
func KindNames() []string {
	return append([]string(nil), kindNames[Channel:]...)
}

// SplitNames splits a comma-separated list of names into its elements,
// ignoring commas inside brackets so that generic names such as
// "(*example.com/m.Map[K, V]).Get" stay whole. Elements are trimmed and
// empty ones dropped.
func SplitNames(s string) []string {
	var out []string
	depth, start := 0, 0
	add := func(e string) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	for i, r := range s {
		switch r {
		case '[', '(':
			depth++
		case ']', ')':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				add(s[start:i])
				start = i + 1
			}
		}
	}
	add(s[start:])
	return out
}
