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
// errgroup.Group.Go, sync.WaitGroup.Go, time.AfterFunc), through closures,
// method values, helper functions and, by facts, functions of other
// packages, and reports:
//
//   - forgotten-sender: a goroutine sends on a channel its starter made,
//     and the starter can return without receiving everything sent: it
//     selects on the channel together with a timeout or ctx.Done() and
//     takes the other case, returns early on an error, receives once while
//     several goroutines send, or returns from inside its receiving loop.
//     Buffered channels count when the buffer is smaller than the number of
//     senders left behind (counting only goroutines that send on every
//     path); a goroutine that sends in a loop, its own or a helper's, or
//     twice on one path, is never covered by a constant buffer. A receive
//     of data from a channel the goroutine closes in a defer does not mean
//     it has ended: only the receive that sees the close (ok == false, the
//     end of a range) does. Reported at the send, naming the path that
//     abandons it. Fix: give the channel a buffer of one per sender, or
//     keep receiving until it is closed. The same holds for a channel kept
//     in an unexported struct field whose only receiver in the package is
//     the function that started the sender (a field of buffer one is "the
//     one result" only when one function sends on it, it is not filled
//     where it is made, and nothing receives from it in a loop), and for a
//     channel returned by a function whose goroutines send on it (a
//     future, reported at the call). The owner can be the one left sending:
//     it feeds a channel to workers ranging over it, and every worker can
//     leave its loop early (a return or break) before the channel is
//     closed; reported at the owner's send.
//   - forgotten-receiver: a goroutine waits to receive from an unbuffered
//     channel its starter made (or kept in an unexported field only its
//     starter sends on or closes), and the starter can return without
//     sending to it or closing it.
//   - unclosed-range: a goroutine ranges over a channel its starter made
//     (or kept in an unexported field only its starter closes, or returned
//     to the caller by the function that started it), and the starter
//     never closes it, or returns on some path without closing it; or it
//     ranges over an unexported field nothing in the package closes, has
//     no other way out, and is started by a function that can run more
//     than once.
//   - no-exit-loop: a goroutine loops forever (no return, no break, no case
//     that observes cancellation) waiting on channels or timers, and the
//     function that starts it can run more than once: each call strands one
//     more. A goroutine whose only way out is a receive from a quit
//     channel kept in an unexported field that nothing in the package
//     closes or sends on loops forever too. A function runs once when it
//     is main, an init function or a package variable initialiser (or a
//     function literal inside one), a
//     function literal handed to Do of a package-level sync.Once, or an
//     unexported function referenced only by calls, outside loops, from
//     functions that run once. A comment on the line above the go statement,
//     or the starter's doc comment, that says the goroutine lives "for the
//     lifetime of the program", "runs forever" or "never exits" is taken at
//     its word. Loops that only wait for I/O (accept loops, connection
//     readers) are stopped by closing the listener or connection and are
//     not reported.
//   - timer-not-stopped: a time.Ticker or time.Timer made by a function,
//     kept in a local variable, and not stopped on some path out of it;
//     tick-leak: time.Tick in a function that can run more than once. Both
//     only for files compiled with a Go version older than 1.23: since
//     then the garbage collector recovers unreferenced timers. Fix: insert
//     defer t.Stop() after the ticker is made.
//   - ctx-not-observed: a goroutine handed a live context (as an argument
//     or captured) that never looks at it (no Done, no Err, not passed on)
//     and blocks on a channel, a sleep or I/O that the context cannot
//     interrupt.
//   - cancel-not-called: the cancel function of context.WithCancel,
//     WithTimeout or WithDeadline stored in an unexported struct field or
//     package variable that nothing in the package calls or hands on. go
//     vet's lostcancel reports cancel functions kept in local variables;
//     this is the case it cannot see.
//   - waitgroup-done-skipped: a goroutine calls wg.Done once, without
//     defer, and can return without reaching it, while something waits on
//     wg.
//   - wait-before-receive: a function waits for the goroutines that send
//     on its channel (wg.Wait, errgroup's Wait) before it receives from the
//     channel, and the buffer cannot hold every result: the senders block,
//     so the wait never returns. Reported at the wait.
//   - cond-never-signalled: sync.Cond.Wait on a condition, held in an
//     unexported field or package variable, that nothing in the package
//     signals or broadcasts.
//   - no-answerer: a send, receive, range or select, anywhere (in a
//     goroutine or not, through a getter or not, whatever the buffer), on
//     a channel kept where only this package can reach it (an unexported
//     field or variable, a result of an unexported function) that nothing
//     in the package answers: nothing sends on it or closes it (for a
//     receive), nothing receives from it (for a send, which then blocks
//     once the buffer is full). The answerer model decides; channels
//     another package hands over, or that a parameter of a function
//     nothing calls directly receives, are out of view.
//   - one-sided-cancel: one of the package's goroutines sends on a
//     channel with a bare send, and the only receiver is a loop that can
//     stop receiving for good: it returns on a stop signal, a context or
//     an error without draining the channel and without closing it.
//     Checking the stop signal first (select { case <-stop: return;
//     default: ch <- v }) does not help and is named. Or a goroutine
//     receives with a bare receive from a channel whose every sender gives
//     up on cancellation (a select with ctx.Done() or a quit channel) and
//     that nothing closes. Not reported: a loop that leaves only when the
//     channel is closed (also through the ok of a select case), on a
//     sentinel value, on a "done" signal of the senders themselves, or
//     that is restarted by its caller; a loop that closes the channel on
//     its way out; a loop that drains after it leaves; a sender that runs
//     a bounded number of times per program; and a method only the
//     package's users call (sending after Close is their misuse). Fix:
//     select on the signal the loop stops on alongside the send.
//   - self-wait: a wait whose every answerer runs only after it: a send on
//     an unbuffered channel before the goroutine that receives from it is
//     started; wg.Wait inside the loop that starts the goroutines it waits
//     for, when those first send on a channel the function receives from
//     only after the wait; a goroutine counted in a WaitGroup (or closing
//     a channel when it ends) that waits, itself or in the function it
//     calls with that object (Close from a worker's error path), for that
//     group or channel.
//   - wait-cycle: loop A, the only receiver of channel X, sends on Y with
//     a bare send while handling a value, and loop B, the only receiver of
//     Y, sends on X: when both send at once neither gets back to its
//     receive. Reported once, at the first send.
//   - release-not-called: a call returns a value that owns the cancel
//     function of a context one of its goroutines waits on (a database/sql
//     transaction; a constructor of the package that keeps the cancel in
//     a field a method such as Close calls), the parent context is never
//     cancelled (context.Background()), and the caller drops the value or
//     returns on some path (error paths of the call excluded) without
//     calling Commit, Rollback, Close or whichever method releases it.
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
// in its send for good. With a buffer of one the send always completes:
//
//	ch := make(chan int, 1)
//
// Channels kept in struct fields are judged by the field's identity, over
// the whole package: only unexported fields of the package's own structs,
// whose every operation is in view. A field whose channel is handed out
// (returned, stored elsewhere, sent, passed to a function whose use of it
// is unknown, its address taken) or that holds a channel made elsewhere is
// not judged.
//
// The goroutines main leaves behind end with the program: the owner rules
// do not judge main.main.
//
// leak stays silent on local channels that escape the function that made
// them (stored, returned other than as a future, handed to a function
// whose use of them is unknown), on buffers of computed size (taken to be
// sized for their senders), on
// senders and receivers that select on ctx.Done() or a quit channel, on
// channels drained or closed by a defer, on loops that end when their
// channel is closed, and on goroutines in _test.go files unless -leak.tests
// is set: those are bounded by the test binary.
//
// Suppress a finding with //concurlint:ignore leak reason, on the line or
// in the doc comment of the enclosing function.
package leak
