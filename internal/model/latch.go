package model

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// latchedSend reports whether send, on a channel whose buffer always has
// room for one value, runs only behind a latch: a field (or an atomic
// value) that must read zero for the send to run and that the guarded code
// itself sets,
//
//	if c.resetInProgress.Load() == 0 {
//		c.resetInProgress.Store(1)
//		c.doReset <- struct{}{}
//	}
//
//	if sub.errCh != nil && sub.permissionsErr == nil {
//		sub.errCh <- err
//		sub.permissionsErr = err
//	}
//
// The object sends again only once something clears the latch, which code
// of this shape does after the value was taken (or never): at most one value
// is pending at a time, and the buffer holds it, so the send does not wait.
func (m *Model) latchedSend(send *ssa.Send) bool {
	// The buffer is the field's, whatever the path to the object.
	p, _ := ssax.PathOf(send.Chan)
	if len(p.Fields) == 0 || m.chanCaps[chanKey(p)] < 1 {
		return false
	}
	for d := send.Block().Idom(); d != nil; d = d.Idom() {
		cond, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		// taken: the send runs when the condition holds.
		var taken bool
		var guarded *ssa.BasicBlock
		switch {
		case d.Succs[0] == d.Succs[1]:
			continue
		case d.Succs[0].Dominates(send.Block()):
			taken, guarded = true, d.Succs[0]
		case d.Succs[1].Dominates(send.Block()):
			taken, guarded = false, d.Succs[1]
		default:
			continue
		}
		key, setsItself := latchTest(cond.Cond, taken)
		if key == "" {
			continue
		}
		if setsItself || setsLatch(guarded, key) {
			return true
		}
	}
	return false
}

// latchTest returns the key of the memory cond requires to be zero when it
// evaluates to taken, and whether cond also sets it (a compare-and-swap from
// zero); "" when cond is not such a test.
func latchTest(cond ssa.Value, taken bool) (key string, setsItself bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		switch c.Op {
		case token.NOT:
			return latchTest(c.X, !taken)
		case token.MUL:
			if !taken {
				return addrKey(c.X), false // if !c.busy
			}
		}
	case *ssa.BinOp:
		if (c.Op == token.EQL) != taken {
			return "", false
		}
		if c.Op != token.EQL && c.Op != token.NEQ {
			return "", false
		}
		x, y := c.X, c.Y
		if isZeroConst(x) {
			x, y = y, x
		}
		if !isZeroConst(y) {
			return "", false
		}
		return loadedKey(x), false
	case *ssa.Call:
		if !taken {
			return loadedKey(c), false // if !c.started.Load()
		}
		if op, recv, ok := atomicOp(c); ok && op == knowledge.AtomicCAS && len(c.Call.Args) >= 2 && isZeroConst(c.Call.Args[1]) {
			return addrKey(recv), true
		}
	}
	return "", false
}

// loadedKey returns the key of the memory v was loaded from: a field or
// variable read directly, or through an atomic Load.
func loadedKey(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return addrKey(v.X)
		}
	case *ssa.Call:
		if op, recv, ok := atomicOp(v); ok && op == knowledge.AtomicLoad {
			return addrKey(recv)
		}
	}
	return ""
}

// setsLatch reports whether some block dominated by from stores a value
// other than zero to the memory of key, directly or atomically.
func setsLatch(from *ssa.BasicBlock, key string) bool {
	for _, b := range from.Parent().Blocks {
		if !from.Dominates(b) {
			continue
		}
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Store:
				if !isZeroConst(instr.Val) && addrKey(instr.Addr) == key {
					return true
				}
			case *ssa.Call:
				op, recv, ok := atomicOp(instr)
				if !ok || addrKey(recv) != key {
					continue
				}
				if (op == knowledge.AtomicStore || op == knowledge.AtomicSwap) && len(instr.Call.Args) >= 2 && !isZeroConst(instr.Call.Args[1]) {
					return true
				}
			}
		}
	}
	return false
}

// atomicOp returns what call does to an atomic value (from the knowledge
// table) and the address it works on.
func atomicOp(call *ssa.Call) (knowledge.AtomicKind, ssa.Value, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || len(call.Call.Args) == 0 {
		return 0, nil, false
	}
	obj, _ := callee.Object().(*types.Func)
	op, ok := knowledge.LookupAtomic(obj)
	if !ok {
		return 0, nil, false
	}
	return op, call.Call.Args[0], true
}

func addrKey(addr ssa.Value) string {
	// A root computed in the function (sub from a range over a map) is
	// one value throughout it, which is all a latch needs: without a
	// stable path, the field of the same SSA value is the same memory.
	p, ok := ssax.PathOf(addr)
	if ok && len(p.Fields) > 0 {
		return p.Key()
	}
	if fa, isField := addr.(*ssa.FieldAddr); isField {
		return fmt.Sprintf("%p.%d", fa.X, fa.Field)
	}
	return ""
}

func isZeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true // nil, or the zero value of a struct
	}
	switch c.Value.Kind() {
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	case constant.Int, constant.Float:
		return constant.Sign(c.Value) == 0
	case constant.String:
		return constant.StringVal(c.Value) == ""
	}
	return false
}
