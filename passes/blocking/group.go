package blocking

import (
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/reqpath"
	"github.com/concurlint/concurlint/internal/ssax"
)

// One finding per root cause. A blocking operation reached from twenty
// handlers is one thing to fix, so the pass collects what it finds as hits,
// groups them by the operation they end in, and reports each group once:
// where a request enters it (the operation itself when it is in a handler,
// otherwise the handler's call that leads to it), with the chain down to
// the operation in the message and the other entries as related positions.
// Findings whose remedy is an edit at the operation (a fresh context, a
// context-less call with a context-aware variant) are reported at the
// operation, where the suggested fix applies.

// hit is one blocking operation found on a request path.
type hit struct {
	fn  *ssa.Function // the function on the request path that contains it
	pos token.Pos     // the operation, or the call of another package's function
	// key identifies the root cause: the operation's position, or for a
	// call into another package, the operation its summary ends in.
	key      string
	category string
	// what names the operation at pos: "time.Sleep", "send on s.jobs",
	// "call to dep.Nap".
	what string
	// problem says what is wrong with it: "blocks the request and
	// ignores its cancellation".
	problem string
	// callee and trace say, for a call of another package's function,
	// what it calls and what happens below it: "dep.Retry", "Nap →
	// time.Sleep (dep.go:12)".
	callee, trace string
	// because explains the wait further: "; it waits for ...".
	because string
	// advice is the remedy, phrased at pos.
	advice string
	// atOp says the finding is reported at pos whatever reaches it: its
	// remedy is an edit there.
	atOp  bool
	fixes []analysis.SuggestedFix
	// end is the end of the reported expression, when known.
	end token.Pos
}

// add records h.
func (c *checker) add(h hit) {
	if c.at[h.pos] {
		return // judged already, under another category
	}
	c.at[h.pos] = true
	if h.key == "" {
		h.key = c.pass.Fset.Position(h.pos).String()
	}
	c.hits = append(c.hits, h)
}

// entry is a place where a request reaches a hit: the hit itself, when it
// is in a root (or is reported at the operation), or the root's call that
// leads to it.
type entry struct {
	h   *hit
	e   reqpath.Entry
	pos token.Pos
}

// direct reports whether the entry is the operation itself.
func (en entry) direct() bool { return en.pos == en.h.pos }

// finding is a diagnostic being put together: root causes reported at the
// same call (a handler's call of a helper that blocks in two ways) share
// one, which lists each chain.
type finding struct {
	d      analysis.Diagnostic
	head   string   // what, where and what is wrong
	chains []string // the ways to block below the reported position
	tail   string   // the remedy and the other entries
}

func (f *finding) message() string {
	msg := f.head
	if len(f.chains) > 0 {
		msg += ": " + strings.Join(f.chains, "; and ")
	}
	return msg + f.tail
}

// flush reports the hits, one finding per root cause.
func (c *checker) flush() {
	var keys []string
	groups := make(map[string][]*hit)
	for i := range c.hits {
		h := &c.hits[i]
		if _, ok := groups[h.key]; !ok {
			keys = append(keys, h.key)
		}
		groups[h.key] = append(groups[h.key], h)
	}
	var out []*finding
	byPos := make(map[token.Pos]*finding)
	for _, k := range keys {
		f := c.group(groups[k])
		if f == nil {
			continue
		}
		if old := byPos[f.d.Pos]; old != nil {
			old.chains = append(old.chains, f.chains...)
			old.d.Related = append(old.d.Related, f.d.Related...)
			continue
		}
		byPos[f.d.Pos] = f
		out = append(out, f)
	}
	for _, f := range out {
		f.d.Message = f.message()
		c.r.Report(f.d)
	}
}

// group makes the finding of the hits that end in one operation, or nil
// when every way to it is suppressed.
func (c *checker) group(hits []*hit) *finding {
	var entries []entry
	seen := make(map[token.Pos]bool)
	for _, h := range hits {
		if c.r.Suppressed(h.pos) {
			return nil // a directive at the operation covers every way to it
		}
		for _, e := range c.paths.Entries(h.fn) {
			en := entry{h: h, e: e, pos: h.pos}
			if e.Call != nil && !h.atOp {
				en.pos = e.Call.Pos()
			}
			if seen[en.pos] || en.pos != h.pos && c.r.Suppressed(en.pos) {
				continue
			}
			seen[en.pos] = true
			entries = append(entries, en)
		}
	}
	if len(entries) == 0 {
		return nil
	}
	// The operation itself first, when a handler contains it; then the
	// entries in source order.
	slices.SortStableFunc(entries, func(a, b entry) int {
		if a.direct() != b.direct() {
			if a.direct() {
				return -1
			}
			return 1
		}
		return int(a.pos - b.pos)
	})
	first := entries[0]
	h := first.h
	f := &finding{d: analysis.Diagnostic{Pos: first.pos, Category: h.category, SuggestedFixes: h.fixes}}
	if first.direct() {
		if h.end.IsValid() {
			f.d.End = h.end
		}
		f.head = fmt.Sprintf("%s %s %s", h.what, c.where(h.fn), h.problem)
		if h.trace != "" {
			f.chains = []string{h.trace}
		}
		f.tail = h.because + "; " + h.advice
	} else {
		// Reported at the handler's call: the chain below it, down to
		// the operation.
		root := first.e.Root
		f.head = fmt.Sprintf("call to %s in %s (%s) ", c.callName(first.e.Call), ssax.FuncDisplayName(root.Fn), root.Why)
		if h.trace != "" {
			f.head += h.problem // "may block without observing ..."
		} else {
			f.head += fmt.Sprintf("reaches %s, which %s", h.what, h.problem)
		}
		f.chains = []string{c.chainBelow(first) + h.because}
		f.tail = fmt.Sprintf("; in %s, %s", ssax.FuncDisplayName(h.fn), h.advice)
	}
	if others := entries[1:]; len(others) > 0 {
		var names []string
		for i, o := range others {
			from := "from " + ssax.FuncDisplayName(o.e.Root.Fn)
			if i < 3 {
				names = append(names, fmt.Sprintf("%s at %s", from, c.m.Pos(o.pos)))
			}
			f.d.Related = append(f.d.Related, analysis.RelatedInformation{Pos: o.pos, Message: "the same operation is reached " + from})
		}
		also := strings.Join(names, ", ")
		if n := len(others) - len(names); n > 0 {
			also += fmt.Sprintf(" and %d more", n)
		}
		f.tail += "; also reached " + also
	}
	return f
}

// chainBelow renders the way from an entry's call to its hit's operation:
// the functions of the package after the root, then the hit.
func (c *checker) chainBelow(en entry) string {
	var parts []string
	for _, fn := range en.e.Via[1:] {
		parts = append(parts, ssax.FuncDisplayName(fn))
	}
	h := en.h
	if h.trace != "" {
		// A call into another package: its name, then its summary's
		// chain.
		parts = append(parts, h.callee, h.trace)
	} else {
		parts = append(parts, fmt.Sprintf("%s (%s)", h.what, c.m.Pos(h.pos)))
	}
	return strings.Join(parts, " → ")
}

// callName spells the function a call calls, as the user wrote it.
func (c *checker) callName(call ssa.CallInstruction) string {
	if name := c.m.Src.CallName(call.Pos()); name != "" {
		return name
	}
	return c.m.Callee(call).Name(c.pass.Pkg)
}
