// Package dump reads goroutine dumps into one form, whatever produced them:
// the runtime's text tracebacks (a panic, SIGQUIT, a `go test -timeout`
// failure, the debug=2 page of /debug/pprof/goroutine, goleak's failure
// message, all of these inside arbitrary log output) and the protobuf
// goroutine and goroutineleak profiles.
//
// The text forms are read by github.com/maruel/panicparse/v2/stack and the
// profiles by github.com/google/pprof/profile; this package only converts
// their results, fills in what one form lacks (profiles have no wait
// reason: it is read off the runtime frames), groups goroutines blocked on
// the same stack, and turns a failure into an error that names the line.
package dump

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A Frame is one call on a goroutine's stack.
type Frame struct {
	// Func is the function's name as the runtime prints it, without
	// arguments: "example.com/m/p.(*T).Run.func1". Generic functions
	// keep the runtime's "[...]".
	Func string
	// Pkg is the import path part of Func ("main" for package main).
	Pkg string
	// File and Line are where the call is, as recorded in the binary:
	// a path on the machine that built it, or a module-relative path
	// under -trimpath.
	File string
	Line int
	// Inlined says the frame was inlined into the next one (profiles
	// say so; text tracebacks print inlined frames with "(...)").
	Inlined bool
}

func (f Frame) String() string { return fmt.Sprintf("%s (%s:%d)", f.Func, f.File, f.Line) }

// A Goroutine is one goroutine of a text dump, or one sample of a profile
// (Count goroutines with the same stack).
type Goroutine struct {
	ID int // 0 when the dump does not number goroutines (profiles)
	// State is the wait reason the runtime printed ("chan send",
	// "sync.Mutex.Lock"), without the " (leaked)" mark; for profiles it
	// is derived from the runtime frames on top of the stack.
	State string
	// Minutes is how long the goroutine had been blocked, when the
	// runtime printed it (it does so from one minute on).
	Minutes int
	// Leaked says the runtime's leak detector found the goroutine
	// blocked on something no other goroutine can reach.
	Leaked bool
	// Frames are the calls, innermost first.
	Frames []Frame
	// Elided says the runtime left frames out of a deep stack.
	Elided bool
	// CreatedBy is the go statement that started the goroutine, and
	// CreatorID the goroutine that ran it (0 if not printed).
	CreatedBy *Frame
	CreatorID int
	Count     int
}

// A Dump is what one input held.
type Dump struct {
	Name string // file name, or "-" for standard input
	// Format is "text", "goroutine profile" or "goroutineleak profile".
	Format     string
	Goroutines []*Goroutine
}

// Parse reads a dump from data, in any of the forms the package knows.
// name is used in errors.
func Parse(name string, data []byte) (*Dump, error) {
	if isProfile(data) {
		return parseProfile(name, data)
	}
	return parseText(name, data)
}

// A Group is a set of goroutines blocked on the same stack.
type Group struct {
	State  string
	Frames []Frame
	// Count is the number of goroutines, IDs their numbers when the
	// dump has them.
	Count int
	IDs   []int
	// Leaked counts goroutines the runtime's leak detector marked.
	Leaked int
	// MaxMinutes is the longest wait the dump recorded, 0 when it
	// recorded none.
	MaxMinutes int
	// CreatedBy lists the distinct go statements that started them.
	CreatedBy []Frame
	Elided    bool
	// Members are the goroutines, in dump order.
	Members []*Goroutine
}

// Blocked reports whether the group waits on something that another
// goroutine must answer.
func (g *Group) Blocked() bool { return WaitOf(g.State) != WaitNone }

// Groups groups the goroutines of the dumps by wait reason and stack, in
// order of first appearance.
func Groups(dumps ...*Dump) []*Group {
	var groups []*Group
	index := make(map[string]*Group)
	for _, d := range dumps {
		for _, g := range d.Goroutines {
			key := groupKey(g)
			gr, ok := index[key]
			if !ok {
				gr = &Group{State: g.State, Frames: g.Frames, Elided: g.Elided}
				index[key] = gr
				groups = append(groups, gr)
			}
			gr.Members = append(gr.Members, g)
			gr.Count += max(g.Count, 1)
			if g.ID != 0 {
				gr.IDs = append(gr.IDs, g.ID)
			}
			if g.Leaked {
				gr.Leaked += max(g.Count, 1)
			}
			gr.MaxMinutes = max(gr.MaxMinutes, g.Minutes)
			if g.CreatedBy != nil && !slices.ContainsFunc(gr.CreatedBy, func(f Frame) bool { return f.File == g.CreatedBy.File && f.Line == g.CreatedBy.Line }) {
				gr.CreatedBy = append(gr.CreatedBy, *g.CreatedBy)
			}
		}
	}
	for _, gr := range groups {
		slices.Sort(gr.IDs)
	}
	return groups
}

func groupKey(g *Goroutine) string {
	var b strings.Builder
	b.WriteString(g.State)
	for _, f := range g.Frames {
		fmt.Fprintf(&b, "\x00%s\x00%s:%d", f.Func, f.File, f.Line)
	}
	return b.String()
}

// A Wait is the kind of operation a goroutine is blocked in.
type Wait int

const (
	WaitNone      Wait = iota // running, runnable, sleeping, in a system call
	WaitSend                  // chan send
	WaitRecv                  // chan receive
	WaitSelect                // select
	WaitLock                  // sync.Mutex.Lock, sync.RWMutex.Lock
	WaitRLock                 // sync.RWMutex.RLock
	WaitGroupWait             // sync.WaitGroup.Wait
	WaitCond                  // sync.Cond.Wait
	WaitNilChan               // send or receive on a nil channel, select with no cases
	WaitOther                 // semacquire and other waits of unknown partner
)

var waitNames = [...]string{"none", "chan send", "chan receive", "select", "lock", "rlock", "wait group", "cond wait", "nil channel", "other"}

func (w Wait) String() string { return waitNames[w] }

// waitReasons maps the runtime's wait reasons (runtime2.go's
// waitReasonStrings) to the waits they mean.
var waitReasons = map[string]Wait{
	"chan send":                     WaitSend,
	"chan receive":                  WaitRecv,
	"select":                        WaitSelect,
	"sync.Mutex.Lock":               WaitLock,
	"sync.RWMutex.Lock":             WaitLock,
	"sync.RWMutex.RLock":            WaitRLock,
	"sync.WaitGroup.Wait":           WaitGroupWait,
	"sync.Cond.Wait":                WaitCond,
	"chan send (nil chan)":          WaitNilChan,
	"chan receive (nil chan)":       WaitNilChan,
	"select (no cases)":             WaitNilChan,
	"chan send (durable)":           WaitSend,
	"chan receive (durable)":        WaitRecv,
	"select (durable)":              WaitSelect,
	"sync.WaitGroup.Wait (durable)": WaitGroupWait,
	"semacquire":                    WaitOther,
}

// runtimeWaits names, for profiles that carry no wait reason, the runtime
// and library frames that mean a goroutine is parked in a wait, and the
// reason the runtime would print for it.
var runtimeWaits = []struct{ fn, reason string }{
	{"runtime.chansend", "chan send"},
	{"runtime.chanrecv", "chan receive"},
	{"runtime.selectgo", "select"},
	{"runtime.block", "select (no cases)"},
	{"sync.(*RWMutex).RLock", "sync.RWMutex.RLock"},
	{"sync.(*RWMutex).Lock", "sync.RWMutex.Lock"},
	{"sync.(*Mutex).Lock", "sync.Mutex.Lock"},
	{"internal/sync.(*Mutex).lockSlow", "sync.Mutex.Lock"},
	{"sync.(*WaitGroup).Wait", "sync.WaitGroup.Wait"},
	{"sync.(*Cond).Wait", "sync.Cond.Wait"},
	{"time.Sleep", "sleep"},
	{"internal/poll.runtime_pollWait", "IO wait"},
	{"runtime.goroutineProfileWithLabels", "running"},
}

// reasonFromFrames derives the wait reason from the frames of a profile's
// sample, "" when none is recognised.
func reasonFromFrames(frames []Frame) string {
	for _, f := range frames {
		for _, w := range runtimeWaits {
			if f.Func == w.fn {
				return w.reason
			}
		}
		if !isRuntime(f.Pkg) {
			break // past the runtime, into the caller
		}
	}
	return ""
}

// isRuntime reports whether pkg belongs to the runtime or the
// synchronisation packages the runtime's waits go through.
func isRuntime(pkg string) bool {
	return pkg == "runtime" || strings.HasPrefix(pkg, "runtime/") || strings.HasPrefix(pkg, "internal/") || pkg == "sync" || pkg == "time"
}

// WaitOf returns the wait a goroutine in state (a wait reason the runtime
// prints) is blocked in.
func WaitOf(state string) Wait {
	if w, ok := waitReasons[state]; ok {
		return w
	}
	return WaitNone
}

// PkgOf returns the import path part of a function name as the runtime
// prints it: everything up to the first dot after the last slash.
func PkgOf(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return fn[:slash+1+dot]
}

// Sort orders groups for printing: blocked groups first, then by size.
func Sort(groups []*Group) {
	slices.SortStableFunc(groups, func(a, b *Group) int {
		return cmp.Or(
			-cmp.Compare(boolInt(a.Blocked()), boolInt(b.Blocked())),
			-cmp.Compare(a.Count, b.Count),
		)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
