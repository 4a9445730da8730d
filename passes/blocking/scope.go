package blocking

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// decl is what the pass needs to know of a local variable's declaration.
type decl struct {
	end token.Pos // the end of the declaring statement: the variable is visible after it
	rhs ast.Expr  // the value it is initialised with, when there is one
}

// scopes answers "which request context is in scope here?" from the type
// checker's scopes, so that messages and fixes can name a context the user
// can write at that position.
type scopes struct {
	pkg   *types.Package
	info  *types.Info
	decls map[token.Pos]decl // keyed by the position of the declaring identifier
}

func newScopes(pkg *types.Package, info *types.Info, files []*ast.File) *scopes {
	s := &scopes{pkg: pkg, info: info, decls: make(map[token.Pos]decl)}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE {
					return true
				}
				for i, l := range n.Lhs {
					id, ok := l.(*ast.Ident)
					if !ok {
						continue
					}
					d := decl{end: n.End()}
					if len(n.Rhs) == len(n.Lhs) {
						d.rhs = n.Rhs[i]
					} else if len(n.Rhs) == 1 && i == 0 {
						d.rhs = n.Rhs[0]
					}
					s.decls[id.Pos()] = d
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					d := decl{end: n.End()}
					if len(n.Values) == len(n.Names) {
						d.rhs = n.Values[i]
					}
					s.decls[id.Pos()] = d
				}
			}
			return true
		})
	}
	return s
}

// contextAt returns how to spell the request's context at pos: a
// context.Context variable in scope ("ctx"), or one reached from a request
// value in scope ("r.Context()", "c.Request.Context()"); "" when there is
// none. Package-level variables do not count, nor contexts initialised
// with context.Background() or context.TODO().
func (s *scopes) contextAt(pos token.Pos) string {
	inner := s.pkg.Scope().Innermost(pos)
	if inner == nil {
		return ""
	}
	var fallback string
	seen := make(map[string]bool)
	for sc := inner; sc != nil && sc != s.pkg.Scope() && sc != types.Universe; sc = sc.Parent() {
		names := sc.Names()
		// Prefer "ctx", then names in order, innermost scope first.
		slices.SortStableFunc(names, func(a, b string) int {
			switch {
			case a == "ctx" && b != "ctx":
				return -1
			case b == "ctx" && a != "ctx":
				return 1
			}
			return 0
		})
		for _, name := range names {
			if seen[name] {
				continue // shadowed by an inner declaration
			}
			v, ok := sc.Lookup(name).(*types.Var)
			if !ok || v.IsField() || !v.Pos().IsValid() || v.Pos() >= pos || name == "_" {
				continue
			}
			if d, ok := s.decls[v.Pos()]; ok && (d.end > pos || s.fresh(d.rhs)) {
				continue // not yet visible here, or a fresh context
			}
			seen[name] = true
			format, ok := knowledge.ContextSource(v.Type())
			if !ok {
				continue
			}
			spelling := fmt.Sprintf(format, name)
			if format == "%s" {
				return spelling
			}
			if fallback == "" {
				fallback = spelling
			}
		}
	}
	return fallback
}

// fresh reports whether e is context.Background() or context.TODO(), a
// context derived from one, or a value made by a constructor that drops
// the context (an outgoing request of http.NewRequest).
func (s *scopes) fresh(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutilCallee(s.info, call).(*types.Func)
	if !ok {
		return false
	}
	if knowledge.FreshContext(knowledge.Key(fn)) {
		return true
	}
	if op, ok := knowledge.Lookup(fn); ok && !op.Blocks() && op.Variant != "" {
		return true // http.NewRequest: an outgoing request without a context
	}
	if knowledge.LookupDerivation(fn) != knowledge.NotDerivation && len(call.Args) > 0 {
		return s.fresh(call.Args[0])
	}
	return false
}

// typeutilCallee returns the object a call's function expression names,
// or nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[fun]
	case *ast.SelectorExpr:
		return info.Uses[fun.Sel]
	}
	return nil
}
