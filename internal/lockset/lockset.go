// Package lockset computes, for every instruction of a function in SSA form,
// the set of locks that are certainly held there.
//
// The analysis is a forward must-dataflow over the function's blocks: a lock
// is held at an instruction when every path from the entry acquires it and
// does not release it. It follows Lock/Unlock/RLock/RUnlock, TryLock on the
// branch where it succeeded, deferred unlocks (the lock stays held until the
// function returns), and the lock effects of calls, which the caller
// supplies from summaries (a helper that locks and returns, an unlock helper,
// a closure). A lock that a goroutine started here releases is handed over
// to that goroutine. Blocks after a call that never returns, and blocks ending in a
// panic, do not flow anywhere.
//
// Locks are identified by access paths (see ssax.Path), so "s.mu" locked
// through the receiver and "s.mu" unlocked in a deferred closure are the same
// lock.
package lockset

import (
	"go/constant"
	"go/token"
	"iter"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// EffectKind says what an instruction does to a lock.
type EffectKind uint8

const (
	Acquire    EffectKind = iota + 1 // the lock is held afterwards
	Release                          // the lock is released afterwards
	TryAcquire                       // held afterwards on the branch where the call returned true
	Transient                        // acquired and released again inside a call
)

// Effect is one lock effect of an instruction.
type Effect struct {
	Kind EffectKind
	Lock ssax.Path
	Read bool // a read lock (RLock)

	// Via names the callee when the effect happens inside a call; "" for
	// a direct Lock or Unlock.
	Via string
	// Where locates the acquisition inside the callee ("file.go:12"),
	// when Via is set.
	Where string
	// Without lists locks the callee releases before this acquisition
	// (it was handed them held, and lets go first), so the acquisition
	// neither nests inside them nor deadlocks on them.
	Without []ssax.Path
}

// Held is a lock held at some point of a function.
type Held struct {
	Key  string // Lock.Key()
	Lock ssax.Path
	Read bool
	Pos  token.Pos // where the function acquired it (the Lock call, or the call of the helper)
	Via  string    // the helper that acquired it, if any
	Site int       // identifies the acquisition: index of the acquiring instruction in Result.Sites
}

// State is the set of locks held at a program point.
type State struct {
	// Held lists the held locks in the order they were acquired.
	Held []Held
	// Deferred lists the keys of held locks whose release is deferred
	// to the function's return.
	Deferred []string
	// ReleasedEntry lists locks the function released without having
	// acquired them: locks its caller held on entry.
	ReleasedEntry []ssax.Path
	// May lists the locks held on at least one path here (a superset
	// of Held): a lock in May but not in Held was left locked by some
	// path, such as an early continue in a loop.
	May []Held
	// Unlocked lists the locks that every path here acquired and then
	// released again (directly, not through a deferred call), with Pos
	// the release: unlocking one of them again, while no path holds it,
	// unlocks an unlocked mutex.
	Unlocked []Held
}

// WasUnlocked reports whether every path here released the lock after
// acquiring it, and where.
func (s *State) WasUnlocked(key string) (Held, bool) {
	for _, h := range s.Unlocked {
		if h.Key == key {
			return h, true
		}
	}
	return Held{}, false
}

// MayHold reports whether some path reaching this point holds the lock.
func (s *State) MayHold(key string) (Held, bool) {
	for _, h := range s.May {
		if h.Key == key {
			return h, true
		}
	}
	return Held{}, false
}

// Holds reports whether the lock with the given key is held.
func (s *State) Holds(key string) (Held, bool) {
	for _, h := range s.Held {
		if h.Key == key {
			return h, true
		}
	}
	return Held{}, false
}

// IsDeferred reports whether the lock's release is deferred.
func (s *State) IsDeferred(key string) bool { return slices.Contains(s.Deferred, key) }

func (s *State) clone() *State {
	return &State{
		Held:          slices.Clone(s.Held),
		Deferred:      slices.Clone(s.Deferred),
		ReleasedEntry: slices.Clone(s.ReleasedEntry),
		May:           slices.Clone(s.May),
		Unlocked:      slices.Clone(s.Unlocked),
	}
}

func (s *State) equal(t *State) bool {
	if len(s.Held) != len(t.Held) || len(s.Deferred) != len(t.Deferred) ||
		len(s.ReleasedEntry) != len(t.ReleasedEntry) || len(s.May) != len(t.May) ||
		len(s.Unlocked) != len(t.Unlocked) {
		return false
	}
	for i := range s.Held {
		if s.Held[i].Key != t.Held[i].Key || s.Held[i].Read != t.Held[i].Read {
			return false
		}
	}
	return true
}

// meet intersects held locks (a lock survives a join only if every
// incoming path holds it) and unites may-held locks, deferred releases and
// entry releases.
func meet(a, b *State) *State {
	out := &State{}
	for _, h := range a.Held {
		if g, ok := b.Holds(h.Key); ok {
			if g.Read {
				h.Read = true
			}
			out.Held = append(out.Held, h)
		}
	}
	out.May = slices.Clone(a.May)
	for _, h := range b.May {
		if _, ok := a.MayHold(h.Key); !ok {
			out.May = append(out.May, h)
		}
	}
	for _, h := range a.Unlocked {
		if _, ok := b.WasUnlocked(h.Key); ok {
			out.Unlocked = append(out.Unlocked, h)
		}
	}
	out.Deferred = union(a.Deferred, b.Deferred)
	out.ReleasedEntry = slices.Clone(a.ReleasedEntry)
	for _, p := range b.ReleasedEntry {
		if !containsPath(out.ReleasedEntry, p) {
			out.ReleasedEntry = append(out.ReleasedEntry, p)
		}
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, k := range b {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func containsPath(ps []ssax.Path, p ssax.Path) bool {
	k := p.Key()
	for _, q := range ps {
		if q.Key() == k {
			return true
		}
	}
	return false
}

// Oracle supplies what the lockset analysis cannot see by itself.
type Oracle interface {
	// Effects returns the lock effects of instr (a call, a defer),
	// expressed in the function's own terms.
	Effects(instr ssa.Instruction) []Effect
	// NoReturn reports whether instr is a call that never returns.
	NoReturn(instr ssa.Instruction) bool
}

// Result is the lockset of every instruction of one function.
type Result struct {
	Fn *ssa.Function
	// Entry is the state on entry: the locks held when fn starts.
	Entry  *State
	oracle Oracle
	entry  map[*ssa.BasicBlock]*State
	// Sites are the acquiring instructions, indexed by Held.Site.
	Sites   []ssa.Instruction
	sites   map[ssa.Instruction]int
	returns map[*ssa.Return]*State
	// frozen is set when Analyze is done: Walk may run in several
	// goroutines at once and must not write.
	frozen bool
}

// Analyze computes the locksets of fn.
func Analyze(fn *ssa.Function, oracle Oracle) *Result {
	return AnalyzeFrom(fn, oracle, nil)
}

// AnalyzeFrom computes the locksets of fn when it starts with the locks of
// entry held (nil: none). A range-over-func loop body starts with the locks
// its enclosing function holds at the loop. Locks held on entry have Site
// -1: fn did not acquire them.
func AnalyzeFrom(fn *ssa.Function, oracle Oracle, entry *State) *Result {
	r := &Result{
		Fn:      fn,
		oracle:  oracle,
		entry:   make(map[*ssa.BasicBlock]*State),
		sites:   make(map[ssa.Instruction]int),
		returns: make(map[*ssa.Return]*State),
		Entry:   &State{},
	}
	if entry != nil {
		r.Entry = entry.clone()
	}
	if len(fn.Blocks) == 0 {
		return r
	}
	// A worklist over the blocks in reverse postorder, until no entry
	// state changes. There is no cap on the rounds: each component of a
	// state only moves one way at a join (Held and Unlocked shrink, May,
	// Deferred and ReleasedEntry grow, Read becomes true) over the
	// finitely many locks the function names, so an entry state changes
	// a bounded number of times and the iteration ends. (A cap once cut
	// functions with more joins than rounds short, silently: go/ssa
	// numbers a switch's join block before its cases, so iterating in
	// block order needed one round per switch.)
	order := reversePostorder(fn)
	queued := make([]bool, len(fn.Blocks))
	rank := make([]int, len(fn.Blocks))
	for i, b := range order {
		rank[b.Index] = i
	}
	r.entry[fn.Blocks[0]] = r.Entry
	queued[fn.Blocks[0].Index] = true
	for pending := true; pending; {
		pending = false
		for _, b := range order {
			if !queued[b.Index] {
				continue
			}
			queued[b.Index] = false
			out, live := r.transferBlock(b, r.entry[b], nil)
			if !live {
				continue
			}
			for i, succ := range b.Succs {
				if deadEdge(b, i) {
					continue
				}
				edge := r.edgeState(b, i, out)
				old := r.entry[succ]
				var next *State
				if old == nil {
					next = edge
				} else {
					next = meet(old, edge)
				}
				if old == nil || !old.equal(next) {
					r.entry[succ] = next
					queued[succ.Index] = true
					// A successor earlier in the order (a
					// loop header) waits for the next sweep.
					pending = pending || rank[succ.Index] <= rank[b.Index]
				}
			}
		}
	}
	r.frozen = true
	return r
}

// deadEdge reports whether b's i'th successor edge is never taken: b
// branches on a constant (if debug {...} with debug a false constant).
func deadEdge(b *ssa.BasicBlock, i int) bool {
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	c, ok := iff.Cond.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false
	}
	return constant.BoolVal(c.Value) != (i == 0)
}

// reversePostorder returns the blocks of fn reachable from its entry in
// reverse postorder of a depth-first search: every block comes after its
// predecessors, except along the back edges of loops.
func reversePostorder(fn *ssa.Function) []*ssa.BasicBlock {
	seen := make([]bool, len(fn.Blocks))
	var post []*ssa.BasicBlock
	type frame struct {
		b    *ssa.BasicBlock
		next int // index of the next successor to visit
	}
	stack := []frame{{b: fn.Blocks[0]}}
	seen[fn.Blocks[0].Index] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.b.Succs) {
			succ := top.b.Succs[top.next]
			top.next++
			if !seen[succ.Index] {
				seen[succ.Index] = true
				stack = append(stack, frame{b: succ})
			}
			continue
		}
		post = append(post, top.b)
		stack = stack[:len(stack)-1]
	}
	slices.Reverse(post)
	return post
}

// transferBlock applies b's instructions to in. visit, if non-nil, sees the
// state before each instruction. live is false when the block ends in a call
// that never returns.
func (r *Result) transferBlock(b *ssa.BasicBlock, in *State, visit func(ssa.Instruction, *State)) (out *State, live bool) {
	st := in.clone()
	for _, instr := range b.Instrs {
		if visit != nil {
			visit(instr, st)
		}
		if ret, ok := instr.(*ssa.Return); ok && !r.frozen {
			r.returns[ret] = st.clone()
		}
		r.apply(instr, st)
		if r.oracle.NoReturn(instr) {
			return st, false
		}
	}
	return st, true
}

// apply updates st with the lock effects of instr.
func (r *Result) apply(instr ssa.Instruction, st *State) {
	if _, ok := instr.(*ssa.Go); ok {
		// The goroutine runs concurrently, so nothing it acquires is held
		// here; but a lock it releases has been handed over to it, and
		// this function no longer holds it in any useful sense.
		for _, e := range r.oracle.Effects(instr) {
			if e.Kind == Release {
				key := e.Lock.Key()
				st.Held = slices.DeleteFunc(st.Held, func(h Held) bool { return h.Key == key })
				st.May = slices.DeleteFunc(st.May, func(h Held) bool { return h.Key == key })
			}
		}
		return
	}
	_, deferred := instr.(*ssa.Defer)
	for _, e := range r.oracle.Effects(instr) {
		key := e.Lock.Key()
		switch e.Kind {
		case Acquire:
			if deferred {
				continue // a deferred Lock runs at return; nothing to track
			}
			h := Held{Key: key, Lock: e.Lock, Read: e.Read, Pos: instr.Pos(), Via: e.Via, Site: r.site(instr)}
			st.Held = append(slices.DeleteFunc(st.Held, func(h Held) bool { return h.Key == key }), h)
			st.May = append(slices.DeleteFunc(st.May, func(h Held) bool { return h.Key == key }), h)
			st.Unlocked = slices.DeleteFunc(st.Unlocked, func(h Held) bool { return h.Key == key })
		case Release:
			if deferred {
				if !slices.Contains(st.Deferred, key) {
					st.Deferred = append(st.Deferred, key)
				}
				continue
			}
			st.May = slices.DeleteFunc(st.May, func(h Held) bool { return h.Key == key })
			if _, held := st.Holds(key); held {
				st.Held = slices.DeleteFunc(st.Held, func(h Held) bool { return h.Key == key })
				if _, ok := st.WasUnlocked(key); !ok {
					st.Unlocked = append(st.Unlocked, Held{Key: key, Lock: e.Lock, Read: e.Read, Pos: instr.Pos(), Via: e.Via})
				}
			} else if !containsPath(st.ReleasedEntry, e.Lock) {
				st.ReleasedEntry = append(st.ReleasedEntry, e.Lock)
			}
		}
	}
}

func (r *Result) site(instr ssa.Instruction) int {
	if i, ok := r.sites[instr]; ok || r.frozen {
		if !ok {
			return -1
		}
		return i
	}
	r.sites[instr] = len(r.Sites)
	r.Sites = append(r.Sites, instr)
	return r.sites[instr]
}

// edgeState returns the state flowing along b's i'th successor edge: the
// same as out, except after a TryLock whose result b branches on.
func (r *Result) edgeState(b *ssa.BasicBlock, i int, out *State) *State {
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return out
	}
	cond, negated := ifInstr.Cond, false
	if not, ok := cond.(*ssa.UnOp); ok && not.Op.String() == "!" {
		cond, negated = not.X, true
	}
	call, ok := cond.(*ssa.Call)
	if !ok {
		return out
	}
	taken := i == 0 // the true branch
	if negated {
		taken = !taken
	}
	if !taken {
		return out
	}
	var st *State
	for _, e := range r.oracle.Effects(call) {
		if e.Kind != TryAcquire {
			continue
		}
		if st == nil {
			st = out.clone()
		}
		key := e.Lock.Key()
		h := Held{Key: key, Lock: e.Lock, Read: e.Read, Pos: call.Pos(), Site: r.site(call)}
		st.Held = append(slices.DeleteFunc(st.Held, func(h Held) bool { return h.Key == key }), h)
		st.May = append(slices.DeleteFunc(st.May, func(h Held) bool { return h.Key == key }), h)
		st.Unlocked = slices.DeleteFunc(st.Unlocked, func(h Held) bool { return h.Key == key })
	}
	if st == nil {
		return out
	}
	return st
}

// Reachable reports whether b is reachable from the entry without passing
// through a call that never returns.
func (r *Result) Reachable(b *ssa.BasicBlock) bool { return r.entry[b] != nil }

// Walk calls visit with every reachable instruction of the function and the
// state before it, block by block.
func (r *Result) Walk(visit func(instr ssa.Instruction, st *State)) {
	for _, b := range r.Fn.Blocks {
		in := r.entry[b]
		if in == nil {
			continue
		}
		r.transferBlock(b, in, visit)
	}
}

// StateBefore returns the state just before instr, an instruction of the
// function, if it is reachable.
func (r *Result) StateBefore(instr ssa.Instruction) (*State, bool) {
	b := instr.Block()
	in := r.entry[b]
	if b == nil || b.Parent() != r.Fn || in == nil {
		return nil, false
	}
	var found *State
	r.transferBlock(b, in, func(i ssa.Instruction, st *State) {
		if i == instr {
			found = st.clone()
		}
	})
	return found, found != nil
}

// ReturnStates returns the state at each reachable Return instruction, in
// block order.
func (r *Result) ReturnStates() []*State {
	var out []*State
	for _, st := range r.Returns() {
		out = append(out, st)
	}
	return out
}

// Returns yields each reachable Return instruction of the function, in
// block order, with the state just before it: the walk every rule about
// what a function leaves held (or unlocked) on its way out starts from.
func (r *Result) Returns() iter.Seq2[*ssa.Return, *State] {
	return func(yield func(*ssa.Return, *State) bool) {
		for _, b := range r.Fn.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok {
				continue
			}
			if st, ok := r.ReturnState(ret); ok && !yield(ret, st) {
				return
			}
		}
	}
}

// ReturnState returns the state just before ret, if ret is reachable.
func (r *Result) ReturnState(ret *ssa.Return) (*State, bool) {
	st, ok := r.returns[ret]
	return st, ok && r.entry[ret.Block()] != nil
}

// Excludes reports whether the effect happens after its callee released
// the lock with the given key.
func (e Effect) Excludes(key string) bool {
	for _, p := range e.Without {
		if p.Key() == key {
			return true
		}
	}
	return false
}
