package lockawait

import "github.com/concurlint/concurlint/internal/passdoc"

// categories are the kinds of finding lockawait reports, declared once:
// each is documented under a heading of its name in
// docs/passes/lockawait.md, and every diagnostic carries one of them.
var categories = passdoc.New("lockawait")

var (
	catSend     = categories.Add("send-under-lock", passdoc.Warning, "a channel send while a lock is held")
	catRecv     = categories.Add("recv-under-lock", passdoc.Warning, "a channel receive while a lock is held")
	catRange    = categories.Add("range-under-lock", passdoc.Warning, "a range over a channel while a lock is held")
	catSelect   = categories.Add("select-under-lock", passdoc.Warning, "a select without default while a lock is held")
	catWait     = categories.Add("wait-under-lock", passdoc.Warning, "a WaitGroup, errgroup or foreign Cond wait while a lock is held")
	catSleep    = categories.Add("sleep-under-lock", passdoc.Warning, "a sleep or a wait on a timer while a lock is held")
	catIO       = categories.Add("io-under-lock", passdoc.Warning, "network, process (or file) I/O while a lock is held")
	catCall     = categories.Add("call-under-lock", passdoc.Warning, "a call of a function that may block while a lock is held")
	catDouble   = categories.Add("double-lock", passdoc.Error, "a lock taken again while it is held, which deadlocks")
	catRecRLock = categories.Add("recursive-rlock", passdoc.Error, "a read lock taken again while read-locked, which deadlocks when a writer waits")
	catOrder    = categories.Add("lock-order", passdoc.Warning, "two locks taken in opposite orders on two paths")
	catLeak     = categories.Add("lock-leak", passdoc.Warning, "a lock left held on some path out of the function")
	catUnlock   = categories.Add("double-unlock", passdoc.Error, "a mutex unlocked twice, a fatal error")
)
