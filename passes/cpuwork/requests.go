package cpuwork

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// requestPaths says which functions run once per request. It is the seam
// where the request-path detection shared with the blocking pass plugs in;
// handlerShapes is the local stand-in.
type requestPaths interface {
	// OnRequestPath reports whether fn runs once per request, with a
	// short reason for messages ("Upload handles HTTP requests").
	OnRequestPath(fn *ssa.Function) (why string, ok bool)
}

// handlerShapes recognises request handlers by their shape: a function
// taking an http.ResponseWriter and an *http.Request, or a method of a
// gRPC service implementation (a type embedding a generated
// Unimplemented...Server) taking a context. It does not follow calls: a
// helper a handler calls is not on a request path by this measure.
type handlerShapes struct{}

func (handlerShapes) OnRequestPath(fn *ssa.Function) (string, bool) {
	if fn == nil {
		return "", false
	}
	name := ssax.FuncDisplayName(fn)
	if isHTTPHandler(fn.Signature) {
		return name + " handles HTTP requests", true
	}
	if isGRPCMethod(fn) {
		return name + " handles gRPC requests", true
	}
	return "", false
}

// isHTTPHandler reports whether sig takes an http.ResponseWriter and an
// *http.Request.
func isHTTPHandler(sig *types.Signature) bool {
	w, r := false, false
	for i := 0; i < sig.Params().Len(); i++ {
		switch ssax.TypeString(sig.Params().At(i).Type()) {
		case "net/http.ResponseWriter":
			w = true
		case "*net/http.Request":
			r = true
		}
	}
	return w && r
}

// isGRPCMethod reports whether fn is an exported method, taking a context
// first, of a type that embeds a generated Unimplemented...Server: the
// implementation of a gRPC service.
func isGRPCMethod(fn *ssa.Function) bool {
	recv := fn.Signature.Recv()
	obj, ok := fn.Object().(*types.Func)
	if recv == nil || !ok || !obj.Exported() || fn.Signature.Params().Len() == 0 ||
		ssax.TypeString(fn.Signature.Params().At(0).Type()) != "context.Context" {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		ft := f.Type()
		if p, ok := ft.(*types.Pointer); ok {
			ft = p.Elem()
		}
		if n, ok := ft.(*types.Named); ok {
			name := n.Obj().Name()
			if strings.HasPrefix(name, "Unimplemented") && strings.HasSuffix(name, "Server") {
				return true
			}
		}
	}
	return false
}
