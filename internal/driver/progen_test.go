package driver

import (
	"fmt"
	"strings"
)

// progen writes type-correct Go programs full of concurrency from a byte
// string, for the fuzz target: each byte chooses the next shape (a lock or
// an unlock, a send, a receive, a select, a goroutine, a WaitGroup, a
// context, a loop, a range-over-func loop, an early return, a closure, a
// call of another function), and the program is correct Go whatever the
// bytes are: every variable it uses is declared, every import used, break
// and continue appear only in loops. When the bytes run out every choice
// is the first one, so generation always ends.
type progen struct {
	data  []byte
	b     strings.Builder
	funcs int // number of functions of the program
	depth int
}

// choose returns a number in [0, n).
func (g *progen) choose(n int) int {
	if len(g.data) == 0 || n <= 1 {
		return 0
	}
	c := int(g.data[0]) % n
	g.data = g.data[1:]
	return c
}

func (g *progen) line(indent int, format string, args ...any) {
	g.b.WriteString(strings.Repeat("\t", indent))
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

// depSource is package dep, which p imports: its helpers reach p through
// facts, which go vet and the standalone driver carry differently.
const depSource = `package dep

import (
	"context"
	"sync"
)

func Send(ch chan int, v int) { ch <- v }

func Recv(ctx context.Context, ch chan int) int {
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// Lock returns with mu held.
func Lock(mu *sync.Mutex) { mu.Lock() }

func Unlock(mu *sync.Mutex) { mu.Unlock() }

func WithLock(mu *sync.Mutex, f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}
`

// program returns the source of package p.
func (g *progen) program() string {
	g.funcs = 1 + g.choose(4)
	g.b.WriteString(`package p

import (
	"context"
	"iter"
	"sync"
	"time"

	"example.com/m/dep"
)

var (
	_ = time.Second
	_ context.Context
	_ iter.Seq[int]
	_ = dep.Send
)

type S struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	ch   chan int
	done chan struct{}
	wg   sync.WaitGroup
}

func (s *S) withLock(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

// Handle is a request path's root (-reqpath.roots=p.S.Handle).
func (s *S) Handle(ctx context.Context, path string) {
	s.f0(ctx, nil, len(path))
}

`)
	for i := 0; i < g.funcs; i++ {
		g.line(0, "func (s *S) f%d(ctx context.Context, seq iter.Seq[int], x int) {", i)
		g.block(1, 0, 2+g.choose(5))
		g.line(0, "}\n")
	}
	return g.b.String()
}

// block writes n statements at the given indent; loops counts the loops
// enclosing them in the same function.
func (g *progen) block(indent, loops, n int) {
	for i := 0; i < n; i++ {
		g.stmt(indent, loops)
	}
}

func (g *progen) stmt(indent, loops int) {
	nested := g.depth < 3
	switch g.choose(25) {
	case 0:
		g.line(indent, "s.mu.Lock()")
	case 1:
		g.line(indent, "s.mu.Unlock()")
	case 2:
		g.line(indent, "s.mu.Lock()")
		g.line(indent, "defer s.mu.Unlock()")
	case 3:
		g.line(indent, "s.rw.RLock()")
		g.line(indent, "x += len(s.ch)")
		g.line(indent, "s.rw.RUnlock()")
	case 4:
		g.line(indent, "s.ch <- x")
	case 5:
		g.line(indent, "x = <-s.ch")
	case 6:
		g.line(indent, "select {")
		g.line(indent, "case s.ch <- x:")
		g.line(indent, "case <-ctx.Done():")
		g.line(indent+1, "return")
		g.line(indent, "}")
	case 7:
		g.line(indent, "select {")
		g.line(indent, "case v := <-s.ch:")
		g.line(indent+1, "x += v")
		g.line(indent, "case <-time.After(time.Millisecond):")
		g.line(indent, "default:")
		g.line(indent, "}")
	case 8:
		g.line(indent, "time.Sleep(time.Duration(x))")
	case 9:
		if x := g.choose(3); x == 0 {
			g.line(indent, "if x > %d {", g.choose(10))
			g.line(indent+1, "return")
			g.line(indent, "}")
		} else if loops > 0 && x == 1 {
			g.line(indent, "if x > %d {", g.choose(10))
			g.line(indent+1, "break")
			g.line(indent, "}")
		} else if loops > 0 {
			g.line(indent, "if x < %d {", g.choose(10))
			g.line(indent+1, "continue")
			g.line(indent, "}")
		} else {
			g.line(indent, "x++")
		}
	case 10:
		g.line(indent, "close(s.done)")
	case 11:
		g.line(indent, "<-s.done")
	case 12:
		g.line(indent, "{")
		g.line(indent+1, "ctx, cancel := context.WithTimeout(ctx, time.Second)")
		if g.choose(2) == 0 {
			g.line(indent+1, "defer cancel()")
		} else {
			g.line(indent+1, "_ = cancel")
		}
		g.line(indent+1, "_ = ctx")
		g.line(indent, "}")
	case 13:
		g.line(indent, "s.f%d(ctx, seq, x+1)", g.choose(g.funcs))
	case 14:
		switch g.choose(4) {
		case 0:
			g.line(indent, "dep.Send(s.ch, x)")
		case 1:
			g.line(indent, "dep.Lock(&s.mu)")
		case 2:
			g.line(indent, "dep.Unlock(&s.mu)")
		default:
			g.line(indent, "x += dep.Recv(ctx, s.ch)")
		}
	default:
		if !nested {
			g.line(indent, "x--")
			return
		}
		g.depth++
		defer func() { g.depth-- }()
		g.compound(indent, loops)
	}
}

// compound writes a statement with a body.
func (g *progen) compound(indent, loops int) {
	n := 1 + g.choose(3)
	switch g.choose(9) {
	case 0:
		g.line(indent, "go func() {")
		g.block(indent+1, 0, n)
		g.line(indent, "}()")
	case 1:
		g.line(indent, "s.wg.Add(1)")
		g.line(indent, "go func() {")
		g.line(indent+1, "defer s.wg.Done()")
		g.block(indent+1, 0, n)
		g.line(indent, "}()")
		if g.choose(2) == 0 {
			g.line(indent, "s.wg.Wait()")
		}
	case 2:
		g.line(indent, "for i := 0; i < x; i++ {")
		g.block(indent+1, loops+1, n)
		g.line(indent, "}")
	case 3:
		g.line(indent, "for v := range seq {")
		g.line(indent+1, "x += v")
		g.block(indent+1, loops+1, n)
		g.line(indent, "}")
	case 4:
		g.line(indent, "if x%%%d == 0 {", 2+g.choose(3))
		g.block(indent+1, loops, n)
		if g.choose(2) == 0 {
			g.line(indent, "} else {")
			g.block(indent+1, loops, 1)
		}
		g.line(indent, "}")
	case 5:
		g.line(indent, "func() {")
		g.block(indent+1, 0, n)
		g.line(indent, "}()")
	case 6:
		if g.choose(2) == 0 {
			g.line(indent, "s.withLock(func() {")
		} else {
			g.line(indent, "dep.WithLock(&s.mu, func() {")
		}
		g.block(indent+1, 0, n)
		g.line(indent, "})")
	case 7:
		g.line(indent, "for {")
		g.line(indent+1, "select {")
		g.line(indent+1, "case <-ctx.Done():")
		g.line(indent+2, "return")
		g.line(indent+1, "case v := <-s.ch:")
		g.line(indent+2, "x += v")
		g.block(indent+2, loops+1, n)
		g.line(indent+1, "}")
		g.line(indent, "}")
	default:
		g.line(indent, "for v := range s.ch {")
		g.line(indent+1, "x += v")
		g.block(indent+1, loops+1, n)
		g.line(indent, "}")
	}
}
