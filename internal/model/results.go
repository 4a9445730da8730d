package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// ResultChan describes a channel that a function makes, hands to
// goroutines it starts and returns, and to which nobody else has access:
// the caller is the goroutines' only other party. It is a future when the
// goroutines send their result on it (the caller is to receive), and a
// queue when they receive from it (the caller is to send and close).
type ResultChan struct {
	// Index is the result's position among the function's results.
	Index int
	// Cap is the channel's constant buffer, or -1 when it is computed.
	Cap int64
	// Senders is the number of goroutines that send on the channel, or
	// -1 when they may be more than counted: a goroutine started in a
	// loop, or one that sends in a loop.
	Senders int
	// What the goroutines do with the channel.
	ChanUse
	// Pos is where a goroutine first operates on the channel, GoPos the
	// go statement that starts it.
	Pos, GoPos string
}

// resultChans finds the channels fn makes and returns to its caller after
// handing them to goroutines only.
func (m *Model) resultChans(fn *ssa.Function) []ResultChan {
	results := fn.Signature.Results()
	var out []ResultChan
	for i := 0; i < results.Len(); i++ {
		if _, ok := results.At(i).Type().Underlying().(*types.Chan); !ok {
			continue
		}
		mk := returnedMake(fn, i)
		if mk == nil {
			continue
		}
		if rc, ok := m.resultChan(fn, mk, i); ok {
			out = append(out, rc)
		}
	}
	return out
}

// returnedMake returns the make(chan) that every return of fn that does
// not return nil returns as result i, or nil.
func returnedMake(fn *ssa.Function, i int) *ssa.MakeChan {
	var mk *ssa.MakeChan
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		v := ret.Results[i]
		for {
			ct, ok := v.(*ssa.ChangeType)
			if !ok {
				break
			}
			v = ct.X
		}
		// A variable captured by the goroutine's function literal is
		// kept in memory: the result is a load of it.
		if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
			if cell, ok := load.X.(*ssa.Alloc); ok {
				if stored, ok := ssax.SingleStore(cell); ok {
					v = stored
				}
			}
		}
		switch v := v.(type) {
		case *ssa.Const:
			if !v.IsNil() {
				return nil
			}
		case *ssa.MakeChan:
			if mk != nil && mk != v {
				return nil
			}
			mk = v
		default:
			return nil
		}
	}
	return mk
}

// resultChan follows the channel made by mk through fn: it may only be
// converted, kept in a variable, returned as result i, and handed to
// goroutines (as an argument or captured by the function literal a go
// statement starts) whose summaries say what they do with it.
func (m *Model) resultChan(fn *ssa.Function, mk *ssa.MakeChan, i int) (ResultChan, bool) {
	rc := ResultChan{Index: i, Cap: -1}
	if k, ok := mk.Size.(*ssa.Const); ok && k.Value != nil {
		rc.Cap = k.Int64()
	}
	goroutines := 0
	many := false
	add := func(g *ssa.Go, e *ChanEffect) {
		rc.add(e.ChanUse)
		if rc.Pos == "" {
			rc.Pos, rc.GoPos = e.Pos, m.Pos(g.Pos())
		}
		if e.Send {
			goroutines++
			many = many || e.SendMany || inLoop(g.Block())
		}
	}
	// launched handles a closure capturing the channel (or a variable
	// holding it) as free variable fv: it must only be started as a
	// goroutine.
	launched := func(mc *ssa.MakeClosure, fv int) bool {
		body, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return false
		}
		for _, ref := range *mc.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.Go:
				if ref.Call.Value != mc {
					return false
				}
				e := m.summaries[body].freeVarEffect(fv)
				if e == nil {
					return false
				}
				add(ref, e)
			default:
				return false
			}
		}
		return true
	}
	seen := make(map[ssa.Value]bool)
	work := []ssa.Value{mk}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.DebugRef:
			case *ssa.ChangeType:
				work = append(work, ref)
			case *ssa.Return:
				for j, r := range ref.Results {
					if r == v && j != i {
						return rc, false
					}
				}
			case *ssa.Store:
				cell, ok := ref.Addr.(*ssa.Alloc)
				if !ok || ref.Val != v {
					return rc, false
				}
				if stored, ok := ssax.SingleStore(cell); !ok || stored != v {
					return rc, false
				}
				for _, use := range *cell.Referrers() {
					switch use := use.(type) {
					case *ssa.UnOp:
						work = append(work, use)
					case *ssa.MakeClosure:
						for fv, b := range use.Bindings {
							if b == cell && !launched(use, fv) {
								return rc, false
							}
						}
					}
				}
			case *ssa.MakeClosure:
				for fv, b := range ref.Bindings {
					if b == v && !launched(ref, fv) {
						return rc, false
					}
				}
			case *ssa.Go:
				c := m.Callee(ref)
				s := m.CalleeSummary(c)
				for j, a := range c.Args {
					if a != v {
						continue
					}
					e := s.ChanParam(j)
					if e == nil {
						return rc, false
					}
					add(ref, e)
				}
			case *ssa.Call:
				if b, ok := ref.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
					continue
				}
				return rc, false // closed, or handed to a function, by fn itself
			default:
				return rc, false // fn uses the channel itself, or it escapes
			}
		}
	}
	if rc.Pos == "" {
		return rc, false // no goroutine has it
	}
	rc.Senders = goroutines
	if many {
		rc.Senders = -1
	}
	return rc, true
}

// freeVarEffect returns the effect on free variable i, or nil.
func (s *Summary) freeVarEffect(i int) *ChanEffect { return s.ChanOn(ssax.RootFreeVar, i) }
