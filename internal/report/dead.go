package report

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Code under a false constant
//
//	const debug = false
//	if debug { ... }
//
// is dead: the compiler drops it, and go/ssa keeps it only as a branch on a
// constant. A finding there describes code that never runs, so the
// Reporter drops findings in such ranges, for every pass: the body of an
// if whose condition is constant false (also "debug && x"), the else of one
// whose condition is constant true, and the statements after an if whose
// condition is constant true and whose body always leaves the block
// (if !debug { return }).

// deadRange is a range of source that never runs.
type deadRange struct{ from, to token.Pos }

// deadRanges returns the ranges of f that a constant condition turns off.
func deadRanges(f *ast.File, info *types.Info) []deadRange {
	if info == nil {
		return nil
	}
	var out []deadRange
	ast.Inspect(f, func(n ast.Node) bool {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		default:
			return true
		}
		for i, s := range list {
			is, ok := s.(*ast.IfStmt)
			if !ok || is.Init != nil {
				continue
			}
			v, ok := constBool(is.Cond, info)
			if !ok {
				continue
			}
			if !v {
				out = append(out, deadRange{is.Body.Pos(), is.Body.End()})
				continue
			}
			if is.Else != nil {
				out = append(out, deadRange{is.Else.Pos(), is.Else.End()})
			}
			if leaves(is.Body, info) && i+1 < len(list) {
				out = append(out, deadRange{list[i+1].Pos(), list[len(list)-1].End()})
			}
		}
		return true
	})
	return out
}

// constBool returns the value of a boolean condition when it is constant,
// also when only one operand of && (false) or || (true) is.
func constBool(e ast.Expr, info *types.Info) (value, ok bool) {
	if tv, found := info.Types[e]; found && tv.Value != nil && tv.Value.Kind() == constant.Bool {
		return constant.BoolVal(tv.Value), true
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return constBool(e.X, info)
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			v, ok := constBool(e.X, info)
			return !v, ok
		}
	case *ast.BinaryExpr:
		x, xok := constBool(e.X, info)
		y, yok := constBool(e.Y, info)
		switch e.Op {
		case token.LAND:
			if xok && !x || yok && !y {
				return false, true
			}
		case token.LOR:
			if xok && x || yok && y {
				return true, true
			}
		}
	}
	return false, false
}

// leaves reports whether the block always leaves the enclosing block: it
// ends in a return, a branch (break, continue, goto) or a call of panic.
func leaves(b *ast.BlockStmt, info *types.Info) bool {
	if len(b.List) == 0 {
		return false
	}
	switch s := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok {
			return false
		}
		b, ok := info.Uses[id].(*types.Builtin)
		return ok && b.Name() == "panic"
	}
	return false
}

// inDeadCode reports whether pos lies in a range of dead code.
func (r *Reporter) inDeadCode(pos token.Pos) bool {
	for _, d := range r.dead {
		if d.from <= pos && pos < d.to {
			return true
		}
	}
	return false
}
