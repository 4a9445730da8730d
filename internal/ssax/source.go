package ssax

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"sync"
)

// Source maps the positions go/ssa gives instructions back to the syntax
// they came from, so that messages can use the user's own spelling of an
// operand ("b.subs[i].ch" rather than an SSA register).
type Source struct {
	calls  map[token.Pos]*ast.CallExpr  // keyed by Lparen, the position of ssa.Call
	sends  map[token.Pos]*ast.SendStmt  // keyed by Arrow
	recvs  map[token.Pos]*ast.UnaryExpr // keyed by OpPos
	ranges map[token.Pos]*ast.RangeStmt // keyed by TokPos and by For
	stmts  map[token.Pos]ast.Stmt       // go and defer statements, keyed by keyword
	files  []*ast.File
}

// NewSource indexes files.
func NewSource(files []*ast.File) *Source {
	s := &Source{
		calls:  make(map[token.Pos]*ast.CallExpr),
		sends:  make(map[token.Pos]*ast.SendStmt),
		recvs:  make(map[token.Pos]*ast.UnaryExpr),
		ranges: make(map[token.Pos]*ast.RangeStmt),
		stmts:  make(map[token.Pos]ast.Stmt),
		files:  files,
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				s.calls[n.Lparen] = n
			case *ast.SendStmt:
				s.sends[n.Arrow] = n
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					s.recvs[n.OpPos] = n
				}
			case *ast.RangeStmt:
				if n.TokPos.IsValid() {
					s.ranges[n.TokPos] = n
				}
				s.ranges[n.For] = n
			case *ast.GoStmt:
				s.stmts[n.Go] = n
			case *ast.DeferStmt:
				s.stmts[n.Defer] = n
			}
			return true
		})
	}
	return s
}

// Call returns the call expression whose '(' is at pos.
func (s *Source) Call(pos token.Pos) *ast.CallExpr { return s.calls[pos] }

// Send returns the send statement whose arrow is at pos.
func (s *Source) Send(pos token.Pos) *ast.SendStmt { return s.sends[pos] }

// Recv returns the receive expression whose arrow is at pos.
func (s *Source) Recv(pos token.Pos) *ast.UnaryExpr { return s.recvs[pos] }

// Range returns the range statement whose ':='/'=' or 'for' is at pos.
func (s *Source) Range(pos token.Pos) *ast.RangeStmt { return s.ranges[pos] }

// Stmt returns the go or defer statement whose keyword is at pos.
func (s *Source) Stmt(pos token.Pos) ast.Stmt { return s.stmts[pos] }

// Receiver returns the receiver expression of a method call at pos
// ("s.mu" in "s.mu.Lock()"), or nil.
func (s *Source) Receiver(pos token.Pos) ast.Expr {
	call := s.calls[pos]
	if call == nil {
		return nil
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// CallName returns how the callee is spelled at the call at pos
// ("b.notify", "http.Get"), or "".
func (s *Source) CallName(pos token.Pos) string {
	call := s.calls[pos]
	if call == nil {
		return ""
	}
	return Spell(call.Fun)
}

// maxSpelling bounds the length of an expression quoted in a message.
const maxSpelling = 48

// Spell returns the source text of e, shortened when it is long.
func Spell(e ast.Expr) string {
	if e == nil {
		return ""
	}
	text := types.ExprString(ast.Unparen(e))
	if len(text) > maxSpelling {
		text = text[:maxSpelling-3] + "..."
	}
	return strings.TrimPrefix(text, "&")
}

// typeStrings caches TypeString for named types, the owners of the fields
// in access paths: formatting them for every field selection of every
// function shows up in profiles. Named types are canonical within a type
// check, so they make good keys; pointer types are not.
var typeStrings sync.Map // *types.Named -> string

// TypeString returns the package-qualified spelling of t
// ("*example.com/p.Broker").
func TypeString(t types.Type) string {
	switch u := t.(type) {
	case *types.Named:
		if s, ok := typeStrings.Load(u); ok {
			return s.(string)
		}
		s := types.TypeString(u, nil)
		typeStrings.Store(u, s)
		return s
	case *types.Pointer:
		if n, ok := u.Elem().(*types.Named); ok {
			return "*" + TypeString(n)
		}
	}
	return types.TypeString(t, nil)
}

// ForgetTypeStrings empties the cache of TypeString. A driver that
// analyses many packages in one process calls it after each package: the
// cache holds named types, and through them their packages' types, which
// would otherwise stay reachable to the end of the run.
func ForgetTypeStrings() { typeStrings.Clear() }
