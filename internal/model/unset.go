package model

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A hook field that nothing sets stays nil: code guarded by its being
// non-nil never runs (a test transport's `if t.sink != nil { t.sink <- b }`
// where no code of the package ever assigns sink). Only unexported fields
// qualify: no other package can set them.

// DeadGuarded reports whether instr runs only when an unexported field of
// a type of this package, which no code of the package ever sets, is
// non-nil.
func (m *Model) DeadGuarded(instr ssa.Instruction) bool {
	for _, v := range nonNilTested(instr) {
		f := loadedField(v)
		if f == nil || f.Exported() || f.Pkg() != m.Pass.Pkg {
			continue
		}
		if !m.fieldSet(f) {
			return true
		}
	}
	return false
}

// loadedField returns the field v loads (*FieldAddr), or nil.
func loadedField(v ssa.Value) *types.Var {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}

// fieldSet reports whether some code of the package may set field f: an
// assignment to it, its address taken, a composite literal naming it or
// listing its type's fields in order. It reads the syntax, so that
// functions whose SSA was not built count too.
func (m *Model) fieldSet(f *types.Var) bool {
	m.setFieldsOnce.Do(m.findSetFields)
	return m.setFields[f]
}

// findSetFields records every field of the package's struct types that
// some code may set.
func (m *Model) findSetFields() {
	m.setFields = make(map[*types.Var]bool)
	info := m.Pass.TypesInfo
	mark := func(e ast.Expr) {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.IsField() {
			m.setFields[v] = true
		}
	}
	for _, file := range m.Pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					mark(l)
				}
			case *ast.IncDecStmt:
				mark(n.X)
			case *ast.RangeStmt:
				if n.Key != nil {
					mark(n.Key)
				}
				if n.Value != nil {
					mark(n.Value)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					mark(n.X)
				}
			case *ast.CompositeLit:
				st, ok := info.TypeOf(n).Underlying().(*types.Struct)
				if !ok {
					return true
				}
				for i, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if v, ok := info.Uses[id].(*types.Var); ok {
								m.setFields[v] = true
							}
						}
					} else if i < st.NumFields() {
						m.setFields[st.Field(i)] = true
					}
				}
			}
			return true
		})
	}
}
