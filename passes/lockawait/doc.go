// Package lockawait defines an Analyzer that reports mutexes held across
// operations that can block, locks taken again while held, lock-order
// inversions and locks left held on some path out of a function.
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
// caller) and reports, at the operation or at the call that leads to it:
//
//   - send-under-lock, recv-under-lock, range-under-lock, select-under-lock:
//     a channel send or receive, a range over a channel, or a select
//     without a default case while a lock is held;
//   - wait-under-lock: sync.WaitGroup.Wait, errgroup.Group.Wait, or
//     sync.Cond.Wait on a Cond whose Locker is not the held lock;
//   - sleep-under-lock: time.Sleep or a wait on a timer;
//   - io-under-lock: network I/O, HTTP, SQL and gRPC client calls, running a
//     process (and file I/O with -lockawait.fileio);
//   - call-under-lock: a call, to this package or another, of a function
//     that may do any of the above; the message gives the chain;
//   - double-lock: a lock taken again while it is held, directly or inside
//     a call, which deadlocks; recursive-rlock: a read lock taken again
//     while held, which deadlocks as soon as a writer is waiting between
//     the two;
//   - lock-order: two locks taken in opposite orders on two code paths (or
//     a cycle of up to four locks), in this package or across packages;
//   - lock-leak: a lock not released on some path out of the function (an
//     early return or break), or still held when a loop comes round to
//     lock it again (an early continue);
//   - double-unlock: a mutex the function locked unlocked twice with no
//     Lock in between, directly or by an early Unlock on a path that also
//     runs a deferred mu.Unlock(): "unlock of unlocked mutex" is a fatal
//     error.
//
// A function value passed to a helper that calls it before returning
// (withLock(func() {...}), forEach(f), a method value) counts as part of
// the call; when the helper holds a lock while calling it, a wait or a
// re-lock inside the callback is reported at the call that passes it.
//
// For example:
//
//	func (b *Broker) Publish(v int) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		for _, sub := range b.subs {
//			sub.ch <- v // b.mu is held across a send on sub.ch
//		}
//	}
//
// A slow subscriber now blocks every Subscribe and Publish. Copy what the
// lock guards, release it, then send:
//
//	func (b *Broker) Publish(v int) {
//		b.mu.Lock()
//		subs := slices.Clone(b.subs)
//		b.mu.Unlock()
//		for _, sub := range subs {
//			sub.ch <- v
//		}
//	}
//
// lockawait stays silent on a select with a default case, on sync.Cond.Wait
// with its own Locker held, on sends to a local channel whose buffer the
// function cannot fill, and on file I/O unless -lockawait.fileio is set.
// It also stays silent on I/O under a lock whose only job is to serialise
// that I/O: when every critical section of a lock, across the package,
// performs I/O, the lock exists to order the I/O (a write lock around a
// connection's writes) and holding it across the I/O is its purpose.
//
// Calls through interfaces and function values are not followed, so a
// lock held across such a call is not reported (a known false negative).
// Locks are compared by access path ("s.mu" through the receiver); two
// different variables that point to the same mutex are not recognised as
// one lock.
//
// Suppress a finding with //concurlint:ignore lockawait reason, on the line
// or in the doc comment of the enclosing function.
package lockawait
