package leak

import "golang.org/x/tools/go/ssa"

// loop is a natural loop: a header and the blocks that can come round to
// it without leaving through the header.
type loop struct {
	header *ssa.BasicBlock
	blocks map[*ssa.BasicBlock]bool
}

// loopInfo holds a function's natural loops.
type loopInfo struct {
	loops []*loop
}

// loopsOf computes fn's natural loops from its back edges (an edge to a
// block that dominates its source).
func (c *checker) loopsOf(fn *ssa.Function) *loopInfo {
	if li, ok := c.loops[fn]; ok {
		return li
	}
	li := &loopInfo{}
	byHeader := make(map[*ssa.BasicBlock]*loop)
	for _, b := range fn.Blocks {
		for _, h := range b.Succs {
			if !h.Dominates(b) {
				continue
			}
			l := byHeader[h]
			if l == nil {
				l = &loop{header: h, blocks: map[*ssa.BasicBlock]bool{h: true}}
				byHeader[h] = l
				li.loops = append(li.loops, l)
			}
			// Walk backwards from the back edge's source to the header.
			stack := []*ssa.BasicBlock{b}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if l.blocks[x] {
					continue
				}
				l.blocks[x] = true
				stack = append(stack, x.Preds...)
			}
		}
	}
	c.loops[fn] = li
	return li
}

// innermost returns the smallest loop that contains b but not outside,
// or nil.
func (li *loopInfo) innermost(b, outside *ssa.BasicBlock) *loop {
	var best *loop
	for _, l := range li.loops {
		if !l.blocks[b] || (outside != nil && l.blocks[outside]) {
			continue
		}
		if best == nil || len(l.blocks) < len(best.blocks) {
			best = l
		}
	}
	return best
}

// inAnyLoop reports whether b belongs to a loop.
func (li *loopInfo) inAnyLoop(b *ssa.BasicBlock) bool {
	for _, l := range li.loops {
		if l.blocks[b] {
			return true
		}
	}
	return false
}

// loopByHeader returns the loop headed by h, or nil.
func (li *loopInfo) loopByHeader(h *ssa.BasicBlock) *loop {
	for _, l := range li.loops {
		if l.header == h {
			return l
		}
	}
	return nil
}
