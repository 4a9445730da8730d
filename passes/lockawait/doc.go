// Package lockawait defines an Analyzer that reports mutexes held across
// operations that can block, locks taken again while held, lock-order
// inversions, locks left held on some path out of a function, and mutexes
// unlocked twice.
//
// # Analyzer lockawait
//
// lockawait: report mutexes held across blocking operations
//
// A sync.Mutex or sync.RWMutex held across an operation that waits for
// another goroutine or for the outside world makes every other user of the
// lock wait too, and turns a slow peer into a stalled program; if the
// operation waits for a goroutine that needs the same lock, the program
// deadlocks. lockawait computes the locks certainly held at each
// instruction (following Lock/Unlock, RLock/RUnlock, TryLock, deferred
// unlocks, early returns, locks reached through embedded fields, pointers
// and sync.Locker, and helper functions that lock or unlock for their
// caller) and reports, at the operation or at the call that leads to it,
// a channel operation, a wait, a sleep, I/O, or a call that does one,
// through helpers, callbacks and interfaces the package declares.
//
// For example:
//
//	func (b *Broker) Publish(v int) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		for _, sub := range b.subs {
//			sub.ch <- v // b.mu is held across send on sub.ch
//		}
//	}
//
// A slow subscriber now blocks every Subscribe and Publish. Copy what the
// lock guards, release it, then send.
//
// Each category of finding, with a wrong and a right example, the fix,
// the options and the known false negatives, is documented in
// docs/passes/lockawait.md, which "concurlint help lockawait [CATEGORY]"
// prints. Suppress a finding with //concurlint:ignore lockawait reason.
package lockawait
