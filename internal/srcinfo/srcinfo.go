// Package srcinfo answers questions about source files that the driver asks
// after analysis, from the files on disk: which function encloses a
// position, and which module a file belongs to. It parses each file at most
// once.
package srcinfo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// A Cache holds parsed files and module roots. The zero Cache is ready to
// use and is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	files map[string]*parsed
	roots map[string]string
}

type parsed struct {
	tf  *token.File
	ast *ast.File // nil if the file could not be read or parsed
}

func (c *Cache) file(name string) *parsed {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.files[name]; ok {
		return p
	}
	if c.files == nil {
		c.files = make(map[string]*parsed)
	}
	p := new(parsed)
	fset := token.NewFileSet()
	// Parse errors are tolerated: a partial tree still has the
	// declarations before the error.
	if f, _ := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution); f != nil {
		p.ast = f
		p.tf = fset.File(f.FileStart)
	}
	c.files[name] = p
	return p
}

// EnclosingFunc returns the name of the function or method declared at
// top level that contains the given line and column (1-based, in bytes):
// "Publish" for a function, "(*Broker).Publish" or "Broker.Publish" for a
// method (type parameters left out). Function literals belong to the
// declaration they appear in. It returns "" for a position outside any
// function (a package-level variable, say) or in a file it cannot parse.
func (c *Cache) EnclosingFunc(filename string, line, col int) string {
	p := c.file(filename)
	if p.ast == nil || line < 1 || line > p.tf.LineCount() {
		return ""
	}
	pos := p.tf.LineStart(line) + token.Pos(max(col-1, 0))
	for _, d := range p.ast.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || pos < fd.Pos() || pos >= fd.End() {
			continue
		}
		return FuncName(fd)
	}
	return ""
}

// FuncName names a declared function the way EnclosingFunc does.
func FuncName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	if p, ok := t.(*ast.ParenExpr); ok { // func (T) and func ((T)) are legal
		t = p.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if star != "" {
		return "(*" + name + ")." + fd.Name.Name
	}
	return name + "." + fd.Name.Name
}

// IsGenerated reports whether the file carries the standard
// "// Code generated ... DO NOT EDIT." header.
func (c *Cache) IsGenerated(filename string) bool {
	p := c.file(filename)
	return p.ast != nil && ast.IsGenerated(p.ast)
}

// ModuleRoot returns the directory of the go.mod file that governs
// filename, or "" if there is none.
func (c *Cache) ModuleRoot(filename string) string {
	dir := filepath.Dir(filename)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.roots == nil {
		c.roots = make(map[string]string)
	}
	var walked []string
	root := ""
	for d := dir; ; {
		if r, ok := c.roots[d]; ok {
			root = r
			break
		}
		walked = append(walked, d)
		if info, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !info.IsDir() {
			root = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range walked {
		c.roots[d] = root
	}
	return root
}

// ModuleRelative returns filename relative to its module root, with
// forward slashes, or relative to fallback if it is in no module (or
// outside fallback too, its base name).
func (c *Cache) ModuleRelative(filename, fallback string) string {
	for _, dir := range []string{c.ModuleRoot(filename), fallback} {
		if dir == "" {
			continue
		}
		if r, err := filepath.Rel(dir, filename); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return filepath.Base(filename)
}

// ModulePath returns the path of the module whose go.mod governs filename
// (its "module" line), or "".
func (c *Cache) ModulePath(filename string) string {
	root := c.ModuleRoot(filename)
	if root == "" {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if rest, ok := strings.CutPrefix(line, "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t' || rest[0] == '"') {
			rest = strings.TrimSpace(rest)
			if u, err := strconv.Unquote(rest); err == nil {
				return u
			}
			return rest
		}
	}
	return ""
}
