package model

import (
	"slices"

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
	return len(retryAttempts(call)) > 0
}

// CancellableRetry reports whether call, a sleep between the attempts of a
// retry loop, is in a loop left on the result of an attempt that is given
// a context: once the context is cancelled the next attempt fails and the
// loop ends, so the sleep outlives the cancellation by one pause at most.
func CancellableRetry(call *ssa.Call) bool {
	for _, a := range retryAttempts(call) {
		for _, arg := range a.Call.Args {
			if IsContextType(arg.Type()) && !IsFreshContext(arg) {
				return true
			}
		}
	}
	return false
}

// retryAttempts returns the calls of the loop around call, a sleep, on
// whose results some branch leaves the loop: the loop's attempts.
func retryAttempts(call *ssa.Call) []*ssa.Call {
	b := call.Block()
	if b == nil {
		return nil
	}
	loop := ssax.LoopOf(b)
	var out []*ssa.Call
	for x := range loop {
		ifi, ok := x.Instrs[len(x.Instrs)-1].(*ssa.If)
		if !ok || loop[x.Succs[0]] && loop[x.Succs[1]] {
			continue // no way out here
		}
		attemptResult(ifi.Cond, call, loop, 4, &out)
	}
	return out
}

// attemptResult adds to out the calls in the loop, other than sleep and
// the clock's, from whose results v is computed within a few steps.
func attemptResult(v ssa.Value, sleep *ssa.Call, loop map[*ssa.BasicBlock]bool, depth int, out *[]*ssa.Call) {
	if depth == 0 {
		return
	}
	switch v := v.(type) {
	case *ssa.Call:
		if v == sleep || !loop[v.Block()] {
			return
		}
		if fn := v.Call.StaticCallee(); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "time" {
			return // time.Since(start) > timeout: a deadline, not an attempt
		}
		if !slices.Contains(*out, v) {
			*out = append(*out, v)
		}
		// An attempt's result may be judged by a helper
		// (IsClosed(err)): the attempt is what it was given.
		for _, a := range v.Call.Args {
			attemptResult(a, sleep, loop, depth-1, out)
		}
	case *ssa.Extract:
		attemptResult(v.Tuple, sleep, loop, depth-1, out)
	case *ssa.BinOp:
		attemptResult(v.X, sleep, loop, depth-1, out)
		attemptResult(v.Y, sleep, loop, depth-1, out)
	case *ssa.UnOp:
		attemptResult(v.X, sleep, loop, depth-1, out)
	case *ssa.Phi:
		for _, e := range v.Edges {
			attemptResult(e, sleep, loop, depth-1, out)
		}
	}
}
