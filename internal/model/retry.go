package model

import (
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssax"
)

// A retry loop makes an attempt, leaves when the attempt's result says so,
// and sleeps before the next one:
//
//	for attempts >= 0 {
//		retry, err := run()
//		if !retry {
//			return err
//		}
//		time.Sleep(backoff)
//	}
//
// The sleep is part of the operation being retried. A lock held across the
// loop serialises that operation (a transaction's commit, a file lock's
// polling), and whether its attempts may be held under the lock is decided
// by the attempts' own I/O, not by the pause between them.

// retryLoopSleep reports whether call, a sleep, is in a loop that some
// branch leaves on the result of a call made in the loop (other than the
// sleep and the clock).
func retryLoopSleep(call *ssa.Call) bool {
	b := call.Block()
	if b == nil || !ssax.Reaches(b, b) {
		return false
	}
	loop := make(map[*ssa.BasicBlock]bool)
	for _, x := range call.Parent().Blocks {
		if x == b || ssax.Reaches(b, x) && ssax.Reaches(x, b) {
			loop[x] = true
		}
	}
	for x := range loop {
		ifi, ok := x.Instrs[len(x.Instrs)-1].(*ssa.If)
		if !ok || loop[x.Succs[0]] && loop[x.Succs[1]] {
			continue // no way out here
		}
		if attemptResult(ifi.Cond, call, loop, 4) {
			return true
		}
	}
	return false
}

// attemptResult reports whether v is computed, within a few steps, from
// the result of a call in the loop other than sleep and the clock's.
func attemptResult(v ssa.Value, sleep *ssa.Call, loop map[*ssa.BasicBlock]bool, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Call:
		if v == sleep || !loop[v.Block()] {
			return false
		}
		if fn := v.Call.StaticCallee(); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "time" {
			return false // time.Since(start) > timeout: a deadline, not an attempt
		}
		return true
	case *ssa.Extract:
		return attemptResult(v.Tuple, sleep, loop, depth-1)
	case *ssa.BinOp:
		return attemptResult(v.X, sleep, loop, depth-1) || attemptResult(v.Y, sleep, loop, depth-1)
	case *ssa.UnOp:
		return attemptResult(v.X, sleep, loop, depth-1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if attemptResult(e, sleep, loop, depth-1) {
				return true
			}
		}
	}
	return false
}
