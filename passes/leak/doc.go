// Package leak defines an Analyzer that reports goroutines that can never
// finish and cancellation that never comes.
//
// # Analyzer leak
//
// leak: report goroutines that can block forever and cancellations never made
//
// A goroutine blocked forever is never collected: it keeps its stack and
// everything it references, and in a server every request can strand one
// more. leak follows the goroutines a function starts (go statements,
// errgroup.Group.Go, sync.WaitGroup.Go, time.AfterFunc) through closures,
// method values, function values handed to helpers, helper functions and,
// by facts, functions of other packages, and decides, path by path through
// the function that started a goroutine, whether it can be left waiting
// for good. Channels kept in unexported struct fields are judged over the
// whole package, and channels returned by the function that starts their
// goroutines (futures, work queues) at the call.
//
// For example:
//
//	func FetchWithTimeout(d time.Duration) (int, error) {
//		ch := make(chan int)
//		go func() { ch <- compute() }() // blocks forever after a timeout
//		select {
//		case v := <-ch:
//			return v, nil
//		case <-time.After(d):
//			return 0, errTimeout
//		}
//	}
//
// After a timeout nobody ever receives from ch, and the goroutine is stuck
// in its send for good. With a buffer of one the send always completes.
//
// Each category of finding, with a wrong and a right example, the fix,
// the options and the known false negatives, is documented in
// docs/passes/leak.md, which "concurlint help leak [CATEGORY]" prints.
// Suppress a finding with //concurlint:ignore leak reason.
package leak
