package model

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// Summary describes what calling a function can do, as far as concurrency is
// concerned. Summaries of the package being analysed are computed from its
// SSA; summaries of functions in other packages arrive as facts. All
// positions are strings ("file.go:12") so that they survive serialisation.
type Summary struct {
	// Blocks lists ways the function may block, at most one per kind,
	// preferring one that does not observe cancellation.
	Blocks []Witness

	// Locks lists locks the function acquires (itself or in callees).
	Locks []LockEffect
	// lockKeys holds lockKey of each of Locks (addLock).
	lockKeys []string

	// Releases lists locks held by the caller that the function releases
	// (an unlock helper), in terms of its parameters.
	Releases []ssax.Path

	// Chans lists what the function does with channels it receives as
	// parameters (or, for closures, captures).
	Chans []ChanEffect

	// ElemChans lists what the function does with the channels kept in a
	// collection (a slice, array or map of channels) it receives or
	// captures: the worker that ranges over workers[idx] of a captured
	// workers. One effect stands for every element.
	ElemChans []ChanEffect

	// ResultChans lists the channels the function makes and returns after
	// handing them to goroutines it starts, and what those goroutines do
	// with them.
	ResultChans []ResultChan

	// NeverReturns says no path through the function returns normally: it
	// always panics, exits, or loops forever.
	NeverReturns bool

	// Spawns lists the function-typed parameters (by index, the receiver
	// first) that the function runs in a new goroutine, once per call: it
	// is a spawn helper (go f() behind a recover, a tracker, a pool).
	Spawns []int

	// Callbacks lists the function-typed parameters the function calls
	// before it returns, and the locks it holds while doing so.
	Callbacks []Callback

	// FieldOps lists the operations the function performs (itself or in
	// callees) on objects kept in fields of the package's types or in
	// its variables, so that a caller in another package can count them
	// as answerers of waits on the same objects (answer.go).
	FieldOps []FieldOp

	// ParamObjs says what happens to the synchronisation objects (a
	// channel, a WaitGroup) passed as parameters, in the package's view
	// (answer.go).
	ParamObjs []ParamObj

	// CtxParam is the index of the first context.Context parameter, or -1.
	CtxParam int
	// HonoursCtx says the function observes its context: it checks
	// Done or Err, or passes the context on.
	HonoursCtx bool
}

// Witness is one way a function may block.
type Witness struct {
	Kind knowledge.Kind
	// What describes the operation: "send on b.events", "time.Sleep".
	What string
	// Op is the table key when the operation is a library call
	// ("net/http.Get"), "" for channel operations.
	Op string
	// Chain lists the functions from the summarised function's callee
	// down to the one containing the operation ("notify", "emit").
	Chain []string
	// Pos is where the operation is.
	Pos string
	// Cancellable says the wait also observes a cancellation: a
	// ctx.Done() case, a quit channel, or a context passed to the call.
	Cancellable bool
	// RequestIO marks I/O on a request's own connection.
	RequestIO bool
	// Signal says the operation is a receive from a chan struct{}, which
	// is closed to signal: after one such wait has returned, the next
	// returns at once.
	Signal bool
	// Releases lists locks, held by the caller on entry, that are
	// released while the operation waits (an explicit Unlock before it,
	// or the Locker of a sync.Cond).
	Releases []ssax.Path
	// ReleasesUnknown says the operation releases a lock that cannot be
	// named (sync.Cond.Wait with an unknown Locker).
	ReleasesUnknown bool
	// NonNil lists the parameters of the summarised function that must
	// be non-nil for a call to reach the operation (feasible.go).
	NonNil []int
	// NonNilFields lists fields of parameters that must be non-nil, as
	// "index.Field" (if opts.Started != nil { opts.Started <- pid }): a
	// caller that passes a struct it made without setting the field does
	// not reach the operation.
	NonNilFields []string
	// Backoff marks a sleep between the attempts of a retry loop
	// (retry.go): the attempt's business, not a wait of its own.
	Backoff bool
	// WaitKind says what kind of answer the operation waits for (a
	// receive for a send, a Done for a WaitGroup.Wait), 0 for I/O and
	// sleeps.
	WaitKind uint8
	// Obj names the object waited on when other packages can name it
	// too: "field:field ch of *p.T" (see answer.go).
	Obj string
	// OwnerArg, when positive, says the object waited on is reached
	// through parameter OwnerArg-1 of the function the witness belongs
	// to (the tokens of the semaphore s in (*Semaphore).Acquire): a
	// caller asks who, of its own code, operates on its argument, rather
	// than on every object of that type.
	OwnerArg int
	// Answer says who can answer the wait (see answer.go); filled in
	// once the package's summaries are final.
	Answer Answer
	// Served says the operation is a send on a channel that a serving
	// loop of the operation's package answers without being held up
	// (serving.go): it waits only until the loop comes round.
	Served bool `json:",omitempty"`

	// waits are the objects the operation waits on, values of waitFn,
	// for witnesses found in this package (or, for a witness of another
	// package whose object is an argument, the argument): the answer is
	// computed from them.
	waits    []waitRef
	waitFn   *ssa.Function
	fromFact bool
	// local says the operation is in this package's code (not learnt
	// from another package's facts, where it is not kept).
	local bool
	// object identifies what the operation waits on, for telling
	// witnesses apart: the group of its object, or its position.
	object string
}

// Opaque reports whether the operation is in another package's code and
// waits on an object the analysed package cannot name: not an argument it
// passed, not a field of a value it passed, not a field of a type or a
// package variable (a semaphore a function two packages down makes for
// itself).
func (w Witness) Opaque() bool { return !w.local && !w.fromFact }

// Trace renders the chain and operation for messages:
// "notify → send on b.events (broker.go:40)".
func (w Witness) Trace() string {
	var b strings.Builder
	for _, f := range w.Chain {
		b.WriteString(f)
		b.WriteString(" → ")
	}
	b.WriteString(w.What)
	if w.Pos != "" {
		fmt.Fprintf(&b, " (%s)", w.Pos)
	}
	return b.String()
}

// LockEffect is a lock a function acquires.
type LockEffect struct {
	Lock ssax.Path
	Read bool
	// Pos is where the lock is acquired.
	Pos string
	// Via lists the callees through which it is acquired.
	Via []string
	// HeldOnReturn says the function returns with the lock held on every
	// path: it is a lock helper.
	HeldOnReturn bool
	// Releases lists locks the caller held on entry that the function
	// has released by the time it acquires this one.
	Releases []ssax.Path
}

// ChanEffect is what a function does with one channel parameter.
type ChanEffect struct {
	Root  ssax.RootKind // RootParam or RootFreeVar
	Index int
	ChanUse
	Pos string // first operation
	// SendMany says one call may send more than once: a send in a
	// loop (of the function or of a callee), or two sends on one path.
	SendMany bool
}

// ChanUse is the operations code performs on a channel.
type ChanUse struct {
	Send  bool
	Recv  bool
	Range bool // receives until the channel is closed
	Close bool
	// SendWaits and RecvWaits say a send (receive) on the channel can
	// wait with nothing else to wake it: it is not one case of a select
	// with other cases, so it waits until a partner comes. A goroutine
	// whose only operations on a channel are guarded by another case
	// (ctx.Done(), a quit channel) is not stranded when nobody serves it.
	SendWaits bool
	RecvWaits bool
}

// add adds the operations of v to u: code that does both does either.
func (u *ChanUse) add(v ChanUse) {
	u.Send = u.Send || v.Send
	u.Recv = u.Recv || v.Recv
	u.Range = u.Range || v.Range
	u.Close = u.Close || v.Close
	u.SendWaits = u.SendWaits || v.SendWaits
	u.RecvWaits = u.RecvWaits || v.RecvWaits
}

// maxChain bounds witness chains and lock effect chains.
const maxChain = 6

// maxWitnesses bounds how many witnesses a summary keeps.
const maxWitnesses = 6

// via returns w as seen through calls of the functions named by prefix,
// outermost first, with its chain bounded by maxChain.
func (w Witness) via(prefix ...string) Witness {
	w.Chain = append(prefix, w.Chain...)
	if len(w.Chain) > maxChain {
		w.Chain = w.Chain[:maxChain]
	}
	return w
}

// maxLocks bounds how many lock effects a summary carries.
const maxLocks = 12

// Empty reports whether the summary says nothing worth exporting.
func (s *Summary) Empty() bool {
	return len(s.Blocks) == 0 && len(s.Locks) == 0 && len(s.Releases) == 0 &&
		len(s.Chans) == 0 && len(s.ElemChans) == 0 && len(s.ResultChans) == 0 && len(s.Spawns) == 0 && len(s.Callbacks) == 0 && len(s.ParamObjs) == 0 && len(s.FieldOps) == 0 && !s.NeverReturns && !s.HonoursCtx
}

// Blocking returns the witness accepted by keep with the shortest chain,
// or nil.
func (s *Summary) Blocking(keep func(Witness) bool) *Witness {
	if s == nil {
		return nil
	}
	var best *Witness
	for i := range s.Blocks {
		if keep(s.Blocks[i]) && (best == nil || len(s.Blocks[i].Chain) < len(best.Chain)) {
			best = &s.Blocks[i]
		}
	}
	return best
}

// addWitness records w unless a witness of its kind on the same object is
// already present; a witness that observes no cancellation replaces one
// that does, and a shorter chain replaces a longer one, so that messages
// show the most direct way to block. Witnesses on different objects are
// kept apart (up to maxWitnesses), because their answerers differ: a
// semaphore nobody else locks around and a channel whose receiver takes
// the caller's lock are different findings.
func (s *Summary) addWitness(w Witness) bool {
	same := -1
	for i, old := range s.Blocks {
		if old.Kind == w.Kind && old.object == w.object {
			same = i
			break
		}
	}
	if same < 0 && len(s.Blocks) >= maxWitnesses {
		// Full: fall back to one witness per kind.
		for i, old := range s.Blocks {
			if old.Kind == w.Kind {
				same = i
				break
			}
		}
	}
	if same < 0 {
		s.Blocks = append(s.Blocks, w)
		return true
	}
	old := s.Blocks[same]
	if (old.Cancellable && !w.Cancellable) ||
		(old.Cancellable == w.Cancellable && len(w.Chain) < len(old.Chain)) {
		s.Blocks[same] = w
		return true
	}
	return false
}

func (s *Summary) addLock(e LockEffect) bool {
	// The keys of the locks already there are kept beside them: building
	// them again for every effect of every call was a tenth of the
	// allocation on a large package. Locks only grows here, so a length
	// that differs means they were set some other way.
	if len(s.lockKeys) != len(s.Locks) {
		s.lockKeys = s.lockKeys[:0]
		for _, old := range s.Locks {
			s.lockKeys = append(s.lockKeys, lockKey(old.Lock))
		}
	}
	key := lockKey(e.Lock)
	for i, k := range s.lockKeys {
		if k == key {
			if e.HeldOnReturn && !s.Locks[i].HeldOnReturn {
				s.Locks[i].HeldOnReturn = true
				return true
			}
			return false
		}
	}
	if len(s.Locks) >= maxLocks {
		return false
	}
	s.Locks = append(s.Locks, e)
	s.lockKeys = append(s.lockKeys, key)
	return true
}

// lockKey is what makes two lock effects of a summary the same lock.
func lockKey(p ssax.Path) string { return p.Key() + p.TypeKey() }

func (s *Summary) chanEffect(root ssax.RootKind, index int) *ChanEffect {
	if e := s.ChanOn(root, index); e != nil {
		return e
	}
	s.Chans = append(s.Chans, ChanEffect{Root: root, Index: index})
	return &s.Chans[len(s.Chans)-1]
}

func (s *Summary) elemsEffect(root ssax.RootKind, index int) *ChanEffect {
	if e := s.ElemsOn(root, index); e != nil {
		return e
	}
	s.ElemChans = append(s.ElemChans, ChanEffect{Root: root, Index: index})
	return &s.ElemChans[len(s.ElemChans)-1]
}

// ElemsOn returns the effect on the channels kept in the collection that
// is the parameter or free variable (root) number index, or nil.
func (s *Summary) ElemsOn(root ssax.RootKind, index int) *ChanEffect {
	if s == nil {
		return nil
	}
	for i := range s.ElemChans {
		if s.ElemChans[i].Root == root && s.ElemChans[i].Index == index {
			return &s.ElemChans[i]
		}
	}
	return nil
}

// ChanOn returns the effect on the parameter or free variable (root)
// number index, or nil.
func (s *Summary) ChanOn(root ssax.RootKind, index int) *ChanEffect {
	if s == nil {
		return nil
	}
	for i := range s.Chans {
		if s.Chans[i].Root == root && s.Chans[i].Index == index {
			return &s.Chans[i]
		}
	}
	return nil
}

// ChanParam returns the effect on parameter i, or nil.
func (s *Summary) ChanParam(i int) *ChanEffect { return s.ChanOn(ssax.RootParam, i) }

// String renders the summary compactly and deterministically; it is what
// fact tests match against.
func (s *Summary) String() string {
	var parts []string
	for _, w := range s.Blocks {
		c := ""
		if w.Cancellable {
			c = ", cancellable"
		}
		parts = append(parts, fmt.Sprintf("blocks(%s: %s%s)", w.Kind, strings.Join(append(append([]string(nil), w.Chain...), w.What), " → "), c))
	}
	for _, l := range s.Locks {
		mode := "locks"
		if l.Read {
			mode = "rlocks"
		}
		held := ""
		if l.HeldOnReturn {
			held = ", held"
		}
		parts = append(parts, fmt.Sprintf("%s(%s%s)", mode, l.Lock.Describe(), held))
	}
	for _, p := range s.Releases {
		parts = append(parts, fmt.Sprintf("unlocks(%s)", p.Describe()))
	}
	for _, c := range s.Chans {
		parts = append(parts, c.render("chan"))
	}
	for _, c := range s.ElemChans {
		parts = append(parts, c.render("elems"))
	}
	for _, r := range s.ResultChans {
		var ops []string
		for _, op := range []struct {
			on   bool
			name string
		}{{r.Send, "send"}, {r.Recv, "recv"}, {r.Range, "range"}, {r.Close, "close"}} {
			if op.on {
				ops = append(ops, op.name)
			}
		}
		senders := fmt.Sprint(r.Senders)
		if r.Senders < 0 {
			senders = "many"
		}
		parts = append(parts, fmt.Sprintf("gochan(result%d: %s, cap %d, senders %s)", r.Index, strings.Join(ops, ","), r.Cap, senders))
	}
	for _, i := range s.Spawns {
		parts = append(parts, fmt.Sprintf("spawns(param%d)", i))
	}
	for _, cb := range s.Callbacks {
		var held []string
		for _, h := range cb.Held {
			held = append(held, h.Lock.Describe())
		}
		parts = append(parts, fmt.Sprintf("calls(param%d, holding %s)", cb.Index, strings.Join(held, ",")))
	}
	if s.NeverReturns {
		parts = append(parts, "noreturn")
	}
	if s.HonoursCtx {
		parts = append(parts, "ctx")
	}
	return strings.Join(parts, " ")
}

// FuncFact carries a function's summary to the packages that import it.
type FuncFact struct{ Summary }

func (*FuncFact) AFact() {}

func (f *FuncFact) String() string { return f.Summary.String() }

// OrderEdge records that, somewhere, lock Second was acquired while lock
// First was held. Locks are named by type identity (ssax.Path.TypeKey).
type OrderEdge struct {
	First, Second           string // type identities
	FirstSpell, SecondSpell string // as spelled where the edge was seen
	FirstPos, SecondPos     string // "file.go:12" of each acquisition
	Func                    string // the function in which the edge was seen
	Pkg                     string // its package path

	// site is where the second lock is acquired, for edges of the
	// package being analysed (it does not survive serialisation).
	site token.Pos
}

// Site returns where the edge's second lock is acquired, for an edge found
// in the package being analysed, or token.NoPos.
func (e OrderEdge) Site() token.Pos { return e.site }

// LockOrderFact carries a package's lock-order edges to the packages that
// import it, so that an inversion across packages can be found.
type LockOrderFact struct{ Edges []OrderEdge }

func (*LockOrderFact) AFact() {}

func (f *LockOrderFact) String() string {
	var parts []string
	for _, e := range f.Edges {
		parts = append(parts, e.FirstSpell+" → "+e.SecondSpell)
	}
	return "lockorder(" + strings.Join(parts, ", ") + ")"
}

// render spells the effect for String: what (chan or elems), the root
// and the operations.
func (c ChanEffect) render(what string) string {
	var ops []string
	for _, op := range []struct {
		on   bool
		name string
	}{{c.Send, "send"}, {c.SendMany, "many"}, {c.Recv, "recv"}, {c.Range, "range"}, {c.Close, "close"}} {
		if op.on {
			ops = append(ops, op.name)
		}
	}
	kind := "param"
	if c.Root == ssax.RootFreeVar {
		kind = "free"
	}
	return fmt.Sprintf("%s(%s%d: %s)", what, kind, c.Index, strings.Join(ops, ","))
}
