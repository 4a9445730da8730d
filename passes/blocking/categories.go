package blocking

import "github.com/concurlint/concurlint/internal/passdoc"

// categories are the kinds of finding blocking reports, declared once:
// each is documented under a heading of its name in
// docs/passes/blocking.md, and every diagnostic carries one of them.
var categories = passdoc.New("blocking")

var (
	catSleep    = categories.Add("sleep-in-request", passdoc.Warning, "a sleep or timer wait on a request path")
	catSend     = categories.Add("send-in-request", passdoc.Warning, "a channel send on a request path that ignores cancellation")
	catRecv     = categories.Add("recv-in-request", passdoc.Warning, "a channel receive or range on a request path that ignores cancellation")
	catSelect   = categories.Add("select-in-request", passdoc.Warning, "a select on a request path with no cancellation case")
	catWait     = categories.Add("wait-in-request", passdoc.Warning, "a WaitGroup, errgroup or Cond wait on a request path")
	catIO       = categories.Add("io-without-context", passdoc.Warning, "I/O without the request's context where it is in hand")
	catFresh    = categories.Add("fresh-context", passdoc.Warning, "context.Background or TODO passed down where the request's context is in scope")
	catNoTimout = categories.Add("http-no-timeout", passdoc.Warning, "an HTTP call with neither a context nor a client timeout on a request path")
	catCall     = categories.Add("call-in-request", passdoc.Warning, "a call on a request path of a function that may block without the request's context")
)
