package ssax

import (
	"fmt"
	"go/constant"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// RootKind says where an access path starts.
type RootKind uint8

const (
	RootUnknown RootKind = iota // a value computed in the function (a call result, a map lookup, ...)
	RootParam                   // a parameter of the function (the receiver is parameter 0)
	RootFreeVar                 // a variable captured by a closure
	RootGlobal                  // a package-level variable
	RootLocal                   // a local variable whose address is taken
)

// Path is an access path: a root followed by field selections, e.g. the
// receiver's field mu ("s.mu"), or field events of the value in a captured
// variable. Paths name the same memory the same way in every function, and a
// path rooted at a parameter can be rewritten into the caller's terms at a
// call site (Subst). Index selections keep the index value's name, so two
// paths through the same non-constant index compare equal only within one
// function.
//
// Path is stored in facts, so it has exported fields only and no maps.
type Path struct {
	Root   RootKind
	Index  int     // parameter or free-variable index
	ID     string  // global: "pkg/path.name"; local or unknown: a name unique in the function
	Name   string  // how the root is spelled: parameter or variable name, "pkg.name"
	Fields []Field // selections from the root, outermost first
}

// Field is one selection in a Path.
type Field struct {
	Name  string // field name, or "[k]" / "[?]" for an element
	Owner string // qualified type of the struct the field belongs to ("*example.com/p.Broker"); "" for elements
	Key   string // for element selections: the index constant or value name
	// Embedded says the field is an embedded one, selected implicitly
	// when a promoted method is called (s.Lock() locking s.Mutex).
	Embedded bool
}

// maxPathLen bounds paths so that recursive data structures do not produce
// unbounded names.
const maxPathLen = 6

// maxPathSteps bounds the SSA values PathOf looks through for one path.
const maxPathSteps = 4 * maxPathLen

// PathOf returns the access path of v. ok is false when v has no stable
// path (for instance a phi of different roots); the returned path then has
// RootUnknown and an ID unique to v.
func PathOf(v ssa.Value) (p Path, ok bool) {
	return pathOf(v, 0)
}

func pathOf(v ssa.Value, depth int) (Path, bool) {
	// depth counts SSA steps (loads, conversions, the stack slot of a
	// captured variable) as well as selections, so it may run well past
	// the number of fields a path keeps.
	if depth > maxPathSteps {
		return unknown(v), false
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		fn := v.Parent()
		for i, p := range fn.Params {
			if p == v {
				return Path{Root: RootParam, Index: i, Name: v.Name()}, true
			}
		}
	case *ssa.FreeVar:
		fn := v.Parent()
		for i, fv := range fn.FreeVars {
			if fv == v {
				return Path{Root: RootFreeVar, Index: i, Name: v.Name()}, true
			}
		}
	case *ssa.Global:
		name := v.Name()
		pkg := ""
		if v.Pkg != nil {
			pkg = v.Pkg.Pkg.Path()
			name = v.Pkg.Pkg.Name() + "." + v.Name()
		}
		return Path{Root: RootGlobal, ID: pkg + "." + v.Name(), Name: name}, true
	case *ssa.Alloc:
		if x, ok := onceAssignedPointer(v); ok {
			return pathOf(x, depth+1)
		}
		name := v.Comment
		if name == "" {
			name = v.Name()
		}
		return Path{Root: RootLocal, ID: v.Name(), Name: name}, true
	case *ssa.FieldAddr:
		base, ok := pathOf(v.X, depth+1)
		return base.with(structField(v.X.Type(), v.Field)), ok
	case *ssa.Field:
		base, ok := pathOf(v.X, depth+1)
		return base.with(structField(v.X.Type(), v.Field)), ok
	case *ssa.IndexAddr:
		base, ok := pathOf(v.X, depth+1)
		return base.with(element(v.Index)), ok
	case *ssa.Index:
		base, ok := pathOf(v.X, depth+1)
		return base.with(element(v.Index)), ok
	case *ssa.Lookup:
		if !v.CommaOk {
			base, ok := pathOf(v.X, depth+1)
			return base.with(element(v.Index)), ok
		}
	case *ssa.UnOp:
		if v.Op.String() == "*" {
			return pathOf(v.X, depth+1)
		}
	case *ssa.MakeInterface:
		return pathOf(v.X, depth+1)
	case *ssa.ChangeType:
		return pathOf(v.X, depth+1)
	case *ssa.ChangeInterface:
		return pathOf(v.X, depth+1)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return pathOf(v.X, depth+1)
		}
	case *ssa.Phi:
		return phiPath(v, depth)
	}
	return unknown(v), false
}

// onceAssignedPointer returns the value a variable of pointer (or other
// reference) type holds, when go/ssa keeps the variable in memory (it is
// captured by a closure, or a parameter in a function with defer) but the
// variable is assigned once and only read afterwards. The variable then
// names the same object as the value, and paths through it should say so:
// the receiver kept in a stack slot is still the receiver, and w kept in a
// box for a closure is still the struct made by &T{...}.
func onceAssignedPointer(alloc *ssa.Alloc) (ssa.Value, bool) {
	elem := alloc.Type().Underlying().(*types.Pointer).Elem()
	switch elem.Underlying().(type) {
	case *types.Pointer, *types.Chan, *types.Map, *types.Signature, *types.Interface:
	default:
		return nil, false // a struct or array variable is storage of its own
	}
	return SingleStore(alloc)
}

// SingleStore returns the value stored in alloc when alloc is written
// exactly once and otherwise only read (loaded, captured by closures,
// described by debug information).
func SingleStore(alloc *ssa.Alloc) (ssa.Value, bool) {
	var stored ssa.Value
	refs := alloc.Referrers()
	if refs == nil {
		return nil, false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != alloc || stored != nil {
				return nil, false
			}
			stored = ref.Val
		case *ssa.UnOp:
			if ref.Op.String() != "*" {
				return nil, false
			}
		case *ssa.MakeClosure, *ssa.DebugRef:
		default:
			return nil, false
		}
	}
	return stored, stored != nil
}

// phiPath gives a phi the path its edges share, if they all share one
// (ignoring edges that are the phi itself, as in loops).
func phiPath(phi *ssa.Phi, depth int) (Path, bool) {
	var common Path
	found := false
	for _, e := range phi.Edges {
		if e == phi {
			continue
		}
		p, ok := pathOf(e, depth+1)
		if !ok {
			return unknown(phi), false
		}
		if !found {
			common, found = p, true
		} else if p.Key() != common.Key() {
			return unknown(phi), false
		}
	}
	if !found {
		return unknown(phi), false
	}
	return common, true
}

func unknown(v ssa.Value) Path {
	id := v.Name()
	if fn := v.Parent(); fn != nil {
		id = fmt.Sprintf("%s@%p", v.Name(), fn)
	}
	return Path{Root: RootUnknown, ID: id, Name: ""}
}

func (p Path) with(f Field) Path {
	fields := make([]Field, len(p.Fields), len(p.Fields)+1)
	copy(fields, p.Fields)
	p.Fields = append(fields, f)
	return p
}

func structField(ptrOrStruct types.Type, i int) Field {
	t := ptrOrStruct
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := typeparamsCore(t).(*types.Struct)
	if !ok || i >= st.NumFields() {
		return Field{Name: fmt.Sprintf("field%d", i)}
	}
	f := st.Field(i)
	return Field{Name: f.Name(), Owner: TypeString(t), Embedded: f.Embedded()}
}

// typeparamsCore returns the underlying type of t, or of t's core type for
// a type parameter with one.
func typeparamsCore(t types.Type) types.Type {
	if tp, ok := t.(*types.TypeParam); ok {
		var core types.Type
		iface := tp.Constraint().Underlying().(*types.Interface)
		for i := 0; i < iface.NumEmbeddeds(); i++ {
			core = iface.EmbeddedType(i).Underlying()
		}
		if core != nil {
			return core
		}
	}
	return t.Underlying()
}

func element(index ssa.Value) Field {
	if c, ok := index.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
		return Field{Name: "[" + c.Value.ExactString() + "]", Key: c.Value.ExactString()}
	}
	return Field{Name: "[?]", Key: index.Name() + fmt.Sprintf("@%p", index.Parent())}
}

// Field returns p extended by the named field of owner.
func (p Path) Field(name, owner string) Path {
	return p.with(Field{Name: name, Owner: owner})
}

// Key returns a string that is equal for two paths exactly when they name
// the same memory by the same route.
func (p Path) Key() string {
	// Summaries compare keys for every lock effect of every call they
	// visit: strconv rather than fmt, which was most of the cost.
	var b strings.Builder
	switch p.Root {
	case RootParam:
		b.WriteString("param")
		b.WriteString(strconv.Itoa(p.Index))
	case RootFreeVar:
		b.WriteString("free")
		b.WriteString(strconv.Itoa(p.Index))
	case RootGlobal:
		b.WriteString("global:" + p.ID)
	case RootLocal:
		b.WriteString("local:" + p.ID)
	default:
		b.WriteString("value:" + p.ID)
	}
	for _, f := range p.Fields {
		b.WriteString(".")
		b.WriteString(f.Name)
		if f.Key != "" && !strings.HasPrefix(f.Name, "[") {
			b.WriteString(f.Key)
		} else if f.Name == "[?]" {
			b.WriteString(f.Key)
		}
	}
	return b.String()
}

// TypeKey returns an identity for the path that is comparable across
// functions and packages: "field mu of *example.com/p.Broker" for a field,
// the qualified name for a package-level variable, "" when the path has
// neither (a lock in a parameter or a local variable).
func (p Path) TypeKey() string {
	for i := len(p.Fields) - 1; i >= 0; i-- {
		f := p.Fields[i]
		if f.Owner != "" {
			return "field " + f.Name + " of " + f.Owner
		}
		// An element of a field: its identity is too loose to compare.
		return ""
	}
	if p.Root == RootGlobal {
		return p.ID
	}
	return ""
}

// Spell returns the path as the user would write it ("s.mu",
// "b.subs[?].ch"), or "" when the root has no name.
func (p Path) Spell() string {
	if p.Name == "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(p.Name)
	for _, f := range p.Fields {
		if strings.HasPrefix(f.Name, "[") {
			b.WriteString(f.Name)
			continue
		}
		b.WriteString(".")
		b.WriteString(f.Name)
	}
	return b.String()
}

// Describe is Spell with a fallback that names the type identity.
func (p Path) Describe() string {
	if s := p.Spell(); s != "" {
		return s
	}
	if len(p.Fields) > 0 {
		return p.Fields[len(p.Fields)-1].Name
	}
	return "a lock"
}

// Subst rewrites a path rooted at a callee's parameter or free variable into
// the caller's terms, given the caller's argument values and closure
// bindings. Global paths are returned unchanged. ok is false when the path
// cannot be expressed in the caller (it starts at a local of the callee or
// at a value the caller cannot see).
func (p Path) Subst(args, bindings []ssa.Value) (Path, bool) {
	var base Path
	switch p.Root {
	case RootGlobal:
		return p, true
	case RootParam:
		if p.Index >= len(args) || args[p.Index] == nil {
			return Path{}, false
		}
		var ok bool
		base, ok = PathOf(args[p.Index])
		if !ok {
			// Still useful for messages and type identity.
			base.Name = ""
		}
	case RootFreeVar:
		if p.Index >= len(bindings) || bindings[p.Index] == nil {
			return Path{}, false
		}
		var ok bool
		base, ok = PathOf(bindings[p.Index])
		if !ok {
			base.Name = ""
		}
	default:
		return Path{}, false
	}
	if len(base.Fields)+len(p.Fields) > maxPathLen {
		return Path{}, false
	}
	out := base
	out.Fields = append(append([]Field(nil), base.Fields...), p.Fields...)
	return out, true
}

// SubstAll rewrites the paths with Subst, keeping those the caller can
// express.
func SubstAll(ps []Path, args, bindings []ssa.Value) []Path {
	var out []Path
	for _, p := range ps {
		if q, ok := p.Subst(args, bindings); ok {
			out = append(out, q)
		}
	}
	return out
}

// Portable reports whether the path can be carried to callers (in a summary
// or a fact): it starts at a parameter or a package-level variable, or it
// has a type identity.
func (p Path) Portable() bool {
	return p.Root == RootParam || p.Root == RootGlobal || p.Root == RootFreeVar || p.TypeKey() != ""
}

// ElemType returns the element type of a slice, array or map (its values),
// or nil for any other type.
func ElemType(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	}
	return nil
}
