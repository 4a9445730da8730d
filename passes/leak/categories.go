package leak

import "github.com/concurlint/concurlint/internal/passdoc"

// categories are the kinds of finding leak reports, declared once: each
// is documented under a heading of its name in docs/passes/leak.md, and
// every diagnostic carries one of them.
var categories = passdoc.New("leak")

var (
	catSender    = categories.Add("forgotten-sender", passdoc.Warning, "a goroutine's send that nobody may ever receive")
	catReceiver  = categories.Add("forgotten-receiver", passdoc.Warning, "a goroutine's receive that nobody may ever send to or close")
	catUnclosed  = categories.Add("unclosed-range", passdoc.Warning, "a goroutine's range over a channel that may never be closed")
	catNoExit    = categories.Add("no-exit-loop", passdoc.Warning, "a goroutine loop with no way out, started by a function that runs again")
	catTimer     = categories.Add("timer-not-stopped", passdoc.Warning, "a ticker or timer not stopped, before Go 1.23")
	catTick      = categories.Add("tick-leak", passdoc.Warning, "time.Tick in a function that runs again, before Go 1.23")
	catCtx       = categories.Add("ctx-not-observed", passdoc.Warning, "a goroutine handed a context it never observes while it blocks")
	catCancel    = categories.Add("cancel-not-called", passdoc.Warning, "a cancel function kept in a field or variable that nothing calls")
	catWaitGroup = categories.Add("waitgroup-done-skipped", passdoc.Error, "a return that skips wg.Done while something waits on wg")
	catWaitFirst = categories.Add("wait-before-receive", passdoc.Error, "a wait for senders before receiving what they send")
	catCond      = categories.Add("cond-never-signalled", passdoc.Error, "a Cond wait that nothing in the package signals")
	catNoAnswer  = categories.Add("no-answerer", passdoc.Error, "a goroutine's wait on a channel that nothing in view can ever answer")
	catOneSided  = categories.Add("one-sided-cancel", passdoc.Warning, "a goroutine's wait that its peer's cancellation or end of life leaves unanswered")
	catSelfWait  = categories.Add("self-wait", passdoc.Error, "a goroutine that waits for something only it could do")
	catCycle     = categories.Add("wait-cycle", passdoc.Error, "goroutines that each wait for the other to answer first")
	catRelease   = categories.Add("release-not-called", passdoc.Warning, "a path that returns without the release its caller relies on (cancel, Stop, Done)")
)
