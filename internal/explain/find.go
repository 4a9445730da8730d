package explain

import (
	"fmt"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/lockset"
	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/ssax"
)

// locate finds each group's blocked operation, and the call of every other
// in-module frame, in the SSA.
func (s *session) locate() {
	s.sites = make([]ssa.Instruction, len(s.rep.Groups))
	s.frames = make([][]frameInstr, len(s.rep.Groups))
	for i, g := range s.rep.Groups {
		raw := s.raw[i]
		for j, f := range g.Stack {
			if !f.InModule || f.abs == "" || isWrapper(f.Func) {
				continue
			}
			inner := ""
			if j > 0 {
				inner = raw.Frames[j-1].Func
			}
			var instr ssa.Instruction
			if &g.Stack[j] == g.Site {
				direct := directWait(raw.Frames[:j])
				instr = s.findOp(f, dump.WaitOf(g.State), direct, inner)
			} else {
				instr = s.findOp(f, dump.WaitNone, false, inner)
			}
			if instr != nil {
				s.frames[i] = append(s.frames[i], frameInstr{f, instr})
			}
		}
		site := g.Site
		if site.Missing {
			g.NotFound = fmt.Sprintf("%s is not here: the dump comes from another build (frame %s)", site.File, site.Func)
			continue
		}
		if len(s.frames[i]) == 0 || s.frames[i][0].frame.Line != site.Line || s.frames[i][0].frame.File != site.File {
			g.NotFound = s.notFound(g, site)
			continue
		}
		instr := s.frames[i][0].instr
		s.sites[i] = instr
		g.Op = s.describe(instr)
		g.Func = ssax.FuncDisplayName(instr.Parent())
	}
}

// wrapperName matches the functions the compiler writes for go and defer
// statements with arguments ("Check.gowrap1"): their frames carry the
// statement's line, but the function containing the statement is not
// running.
var wrapperName = regexp.MustCompile(`\.(gowrap|deferwrap)\d+$`)

func isWrapper(fn string) bool { return wrapperName.MatchString(fn) }

// directWait reports whether the frames above the site (innermost first)
// are only the runtime's and the synchronisation primitive's own: the site
// itself is the wait, not a call into a library that waits.
func directWait(above []dump.Frame) bool {
	for _, f := range above {
		if !isRuntimeFrame(f) && f.Pkg != "sync" {
			return false
		}
	}
	return true
}

// notFound says why no operation was found at the site.
func (s *session) notFound(g *Group, site *Frame) string {
	if !s.analysed(site.abs) {
		return fmt.Sprintf("the package of %s was not analysed", site.File)
	}
	text := lineText(site.abs, site.Line)
	if text == "" {
		return fmt.Sprintf("%s has no line %d here: the source differs from the build the dump came from", site.File, site.Line)
	}
	return fmt.Sprintf("no %s at %s:%d here (%q): the source may differ from the build the dump came from", g.Wait, site.File, site.Line, text)
}

// analysed reports whether the file belongs to an analysed package.
func (s *session) analysed(abs string) bool {
	for k := range s.lines {
		if k.file == abs {
			return true
		}
	}
	return false
}

// findOp returns the instruction at the frame's line that performs wait w
// (a channel operation, a select, a lock or wait call) when direct, or
// else the call at that line that leads to the next frame: the one whose
// callee is named like callee (the inner frame's function, "" when not
// known), or the first call that is not of a builtin.
func (s *session) findOp(f Frame, w dump.Wait, direct bool, callee string) ssa.Instruction {
	cands := s.lines[lineRef{f.abs, f.Line}]
	match := func(keep func(ssa.Instruction) bool) ssa.Instruction {
		for _, instr := range cands {
			if keep(instr) {
				return instr
			}
		}
		return nil
	}
	if w != dump.WaitNone && direct {
		if instr := match(func(instr ssa.Instruction) bool { return performs(instr, w) }); instr != nil {
			return instr
		}
	}
	isCall := func(instr ssa.Instruction) bool {
		c, ok := instr.(ssa.CallInstruction)
		return ok && !isBuiltin(c)
	}
	if name := baseName(callee); name != "" {
		if instr := match(func(instr ssa.Instruction) bool {
			return isCall(instr) && calleeName(instr.(ssa.CallInstruction)) == name
		}); instr != nil {
			return instr
		}
	}
	return match(isCall)
}

func isBuiltin(c ssa.CallInstruction) bool {
	_, ok := c.Common().Value.(*ssa.Builtin)
	return ok
}

// baseName returns the last element of a function name as the runtime
// prints it, without type arguments: "Get" for
// "example.com/m.(*Store).Get", "func1" for "m.First[...].func1".
func baseName(fn string) string {
	fn = strings.ReplaceAll(fn, "[...]", "")
	if i := strings.LastIndexByte(fn, '.'); i >= 0 {
		fn = fn[i+1:]
	}
	if i := strings.IndexByte(fn, '['); i >= 0 {
		fn = fn[:i] // pprof's "First[go.shape.int]"
	}
	return fn
}

// calleeName returns the name of the function a call calls, as baseName
// would give it from a dump.
func calleeName(c ssa.CallInstruction) string {
	cc := c.Common()
	if cc.IsInvoke() {
		return cc.Method.Name()
	}
	if fn := cc.StaticCallee(); fn != nil {
		return baseName(ssax.Origin(fn).Name())
	}
	return ""
}

// performs reports whether instr is an operation that waits as w.
func performs(instr ssa.Instruction, w dump.Wait) bool {
	switch instr := instr.(type) {
	case *ssa.Send:
		return w == dump.WaitSend || w == dump.WaitNilChan
	case *ssa.UnOp:
		return instr.Op == token.ARROW && (w == dump.WaitRecv || w == dump.WaitNilChan)
	case *ssa.Select:
		if w == dump.WaitNilChan {
			return true // select {}, or every case on a nil channel
		}
		// A select with one case and no default compiles to a plain
		// send or receive, and the runtime reports it as one.
		return w == dump.WaitSelect || len(instr.States) == 1 && (w == dump.WaitSend || w == dump.WaitRecv)
	case *ssa.Call:
		return syncWait(instr) == w
	}
	return false
}

// syncWaits maps the sync methods that wait to the waits the runtime
// reports for them.
var syncWaits = map[string]dump.Wait{
	"(*sync.Mutex).Lock":       dump.WaitLock,
	"(*sync.RWMutex).Lock":     dump.WaitLock,
	"(*sync.RWMutex).RLock":    dump.WaitRLock,
	"(sync.Locker).Lock":       dump.WaitLock,
	"(*sync.WaitGroup).Wait":   dump.WaitGroupWait,
	"(*sync.Cond).Wait":        dump.WaitCond,
	"(*sync.Mutex).Unlock":     dump.WaitNone,
	"(*sync.RWMutex).Unlock":   dump.WaitNone,
	"(*sync.RWMutex).RUnlock":  dump.WaitNone,
	"(*sync.WaitGroup).Done":   dump.WaitNone,
	"(*sync.Cond).Signal":      dump.WaitNone,
	"(*sync.Cond).Broadcast":   dump.WaitNone,
	"(*sync.WaitGroup).Add":    dump.WaitNone,
	"(*sync.WaitGroup).Go":     dump.WaitNone,
	"(*sync.RWMutex).TryLock":  dump.WaitNone,
	"(*sync.Mutex).TryLock":    dump.WaitNone,
	"(*sync.RWMutex).TryRLock": dump.WaitNone,
}

// syncMethod returns the full name of the sync method a call calls, or "".
func syncMethod(c ssa.CallInstruction) string {
	cc := c.Common()
	var fn *types.Func
	if cc.IsInvoke() {
		fn = cc.Method
	} else if callee := cc.StaticCallee(); callee != nil {
		if obj, ok := callee.Object().(*types.Func); ok {
			fn = obj
		}
	}
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return ""
	}
	name := fn.Origin().FullName()
	if _, ok := syncWaits[name]; ok {
		return name
	}
	return ""
}

func syncWait(c ssa.CallInstruction) dump.Wait {
	if name := syncMethod(c); name != "" {
		return syncWaits[name]
	}
	return dump.WaitNone
}

// describe spells the operation of instr as the user would.
func (s *session) describe(instr ssa.Instruction) string {
	m := s.owner[instr.Parent()]
	if m == nil {
		return instr.String()
	}
	// A sync call is spelled as the lock and method ("s.mu.Lock"),
	// which the model's description of blocking calls does not do.
	if c, ok := instr.(ssa.CallInstruction); ok {
		if name := syncMethod(c); name != "" {
			if l, ok := lockOf(m, c); ok {
				return l.spell + "." + methodName(name)
			}
		}
	}
	if b, ok := m.DirectOp(instr); ok {
		return b.What // "send on h.events", "range over ch", "select on a, b"
	}
	switch instr := instr.(type) {
	case *ssa.Send:
		return "send on " + spellChan(m, instr.Chan, instr.Pos())
	case *ssa.UnOp:
		return "receive from " + spellChan(m, instr.X, instr.Pos())
	case *ssa.Select:
		return "select"
	case ssa.CallInstruction:
		c := m.Callee(instr)
		switch {
		case c.Obj != nil:
			return "call to " + ssax.FuncName(c.Obj, instr.Parent().Pkg.Pkg)
		case c.Fn != nil:
			return "call to " + ssax.FuncDisplayName(c.Fn)
		}
		return "call to " + instr.Common().Value.Name()
	}
	return instr.String()
}

// methodName returns the last element of a method's full name.
func methodName(full string) string {
	for i := len(full) - 1; i >= 0; i-- {
		if full[i] == '.' {
			return full[i+1:]
		}
	}
	return full
}

// lock is a lock (or WaitGroup, Cond) named by a call on it.
type lock struct {
	path  ssax.Path
	spell string
	id    string // model.LockID, "" when the model cannot identify it
	fn    *ssa.Function
}

// lockOf returns the lock a sync call works on, in the caller's terms, as
// the model's lockset sees it.
func lockOf(m *model.Model, c ssa.CallInstruction) (lock, bool) {
	fn := c.Parent()
	for _, e := range m.Effects(c) {
		if e.Via == "" {
			return lock{path: e.Lock, spell: m.SpellHeld(lockset.Held{Lock: e.Lock, Pos: c.Pos()}), id: m.LockID(fn, e.Lock), fn: fn}, true
		}
	}
	// WaitGroup and Cond calls have no lock effect: name the receiver.
	args := c.Common().Args
	if c.Common().IsInvoke() {
		args = append([]ssa.Value{c.Common().Value}, args...)
	}
	if len(args) == 0 {
		return lock{}, false
	}
	p, ok := ssax.PathOf(args[0])
	if !ok {
		return lock{}, false
	}
	spell := p.Describe()
	if recv := m.Src.Receiver(c.Pos()); recv != nil {
		spell = ssax.Spell(recv)
	}
	return lock{path: p, spell: spell, id: m.LockID(fn, p), fn: fn}, true
}

// sameLock reports whether two locks, each seen by its package's model,
// are one: the same identity in one package, the same field or package
// variable across packages, or the same path in one function.
func sameLock(ma *model.Model, a lock, mb *model.Model, b lock) bool {
	if a.id != "" && b.id != "" {
		if ma == mb {
			return a.id == b.id
		}
		return portable(a.id) && a.id == b.id
	}
	return a.fn == b.fn && a.path.Key() == b.path.Key()
}

// portable reports whether a lock identity means the same in every
// package: a field of a type or a package variable.
func portable(id string) bool {
	return strings.HasPrefix(id, "field:") || strings.HasPrefix(id, "global:")
}
