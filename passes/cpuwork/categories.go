package cpuwork

import "github.com/concurlint/concurlint/internal/passdoc"

// categories are the kinds of finding cpuwork reports, declared once:
// each is documented under a heading of its name in
// docs/passes/cpuwork.md, and every diagnostic carries one of them.
var categories = passdoc.New("cpuwork")

var (
	catFanout      = categories.Add("unbounded-fanout", passdoc.Warning, "a goroutine per element of input data with nothing bounding how many run")
	catPerMessage  = categories.Add("goroutine-per-message", passdoc.Warning, "a goroutine per message received, with nothing bounding how many run")
	catPerConn     = categories.Add("goroutine-per-conn", passdoc.Note, "a goroutine per accepted connection (off unless -cpuwork.accept-loops)")
	catLoopWork    = categories.Add("constant-work-in-loop", passdoc.Warning, "work with a constant result redone on every loop iteration")
	catRequestWork = categories.Add("constant-work-per-request", passdoc.Warning, "work with a constant result redone on every request")
)
