package leak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/knowledge"
	"github.com/concurlint/concurlint/internal/ssax"
)

// checkCancelFields reports cancel functions stored in an unexported struct
// field or package variable that nothing in the package ever calls or hands
// on. go vet's lostcancel already reports cancel functions kept in local
// variables.
func (c *checker) checkCancelFields() {
	type store struct {
		instr *ssa.Store
		from  string
		spell string
	}
	var stores []store
	used := make(map[string]bool)
	for _, fn := range c.m.Funcs {
		for instr := range ssax.Instrs(fn) {
			switch instr := instr.(type) {
			case *ssa.Store:
				ex, ok := instr.Val.(*ssa.Extract)
				if !ok || ex.Index != 1 {
					used[c.cancelKey(instr.Addr)] = true // assigned something else: a stop function of another kind
					continue
				}
				call, ok := ex.Tuple.(*ssa.Call)
				if !ok {
					continue
				}
				callee := c.m.Callee(call)
				if !knowledge.MakesCancel(callee.Obj) {
					continue
				}
				if key := c.cancelKey(instr.Addr); key != "" && !c.skipFunc(fn) {
					stores = append(stores, store{instr: instr, from: knowledge.Key(callee.Obj), spell: spellAddr(instr.Addr)})
				}
			case *ssa.UnOp:
				if instr.Op != token.MUL {
					continue
				}
				if key := c.cancelKey(instr.X); key != "" && loadUsed(instr) {
					used[key] = true
				}
			case *ssa.FieldAddr:
				if key := c.cancelKey(instr); key != "" && addrEscapes(instr) {
					used[key] = true
				}
			}
		}
	}
	for _, s := range stores {
		if lhs := c.assignedAt(s.instr); lhs != "" {
			s.spell = lhs
		}
		key := c.cancelKey(s.instr.Addr)
		if used[key] {
			continue
		}
		msg := fmt.Sprintf("%s holds the cancel function of %s, but nothing in this package calls it: the context and everything waiting on it live until its parent is cancelled; call %s() when the owner is closed or stopped",
			s.spell, s.from, s.spell)
		c.report(analysis.Diagnostic{Pos: s.instr.Pos(), Category: catCancel, Message: msg})
	}
}

// cancelKey returns the identity of an unexported struct field or package
// variable of function type, or "".
func (c *checker) cancelKey(addr ssa.Value) string {
	// The field's identity does not depend on how its struct was
	// reached (a map lookup, a call result).
	p, _ := ssax.PathOf(addr)
	key := p.TypeKey()
	if key == "" {
		return ""
	}
	var name string
	if n := len(p.Fields); n > 0 {
		name = p.Fields[n-1].Name
	} else {
		name = p.Name[strings.LastIndex(p.Name, ".")+1:]
	}
	if token.IsExported(name) {
		return "" // other packages may call it
	}
	if ptr, ok := addr.Type().Underlying().(*types.Pointer); !ok || !isFuncType(ptr.Elem()) {
		return ""
	}
	return key
}

func isFuncType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// loadUsed reports whether a loaded function value is called or handed on,
// rather than only compared with nil.
func loadUsed(load *ssa.UnOp) bool {
	for _, ref := range *load.Referrers() {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.BinOp:
			if ref.Op != token.EQL && ref.Op != token.NEQ {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// addrEscapes reports whether the address of a field is used other than to
// load or store it.
func addrEscapes(fa *ssa.FieldAddr) bool {
	for _, ref := range *fa.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr != fa {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func spellAddr(addr ssa.Value) string {
	p, _ := ssax.PathOf(addr)
	if fa, ok := addr.(*ssa.FieldAddr); ok {
		if alloc, ok := fa.X.(*ssa.Alloc); ok && alloc.Comment == "complit" && len(p.Fields) > 0 {
			f := p.Fields[len(p.Fields)-1]
			return fmt.Sprintf("field %s of %s", f.Name, shortType(f.Owner))
		}
	}
	if s := p.Spell(); s != "" {
		return s
	}
	return "a field"
}

// assignedAt returns how the left-hand side of the assignment that st
// implements is spelled, or "".
func (c *checker) assignedAt(st *ssa.Store) string {
	syntax := st.Parent().Syntax()
	if syntax == nil {
		return ""
	}
	var lhs string
	ast.Inspect(syntax, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != 1 {
			return true
		}
		at := a.TokPos == st.Pos() || a.Lhs[0].Pos() == st.Pos()
		if sel, ok := a.Lhs[0].(*ast.SelectorExpr); ok && sel.Sel.Pos() == st.Pos() {
			at = true
		}
		if at {
			lhs = ssax.Spell(a.Lhs[0])
		}
		return lhs == ""
	})
	return lhs
}

// shortType drops the package path from a qualified type name:
// "*example.com/p.Server" becomes "p.Server".
func shortType(t string) string {
	t = strings.TrimPrefix(t, "*")
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	return t
}
