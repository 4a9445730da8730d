// Package slow has a receiver whose sender is still working: not a leak
// yet, and explain must not call it one.
package slow

import "time"

// Start starts a sender that takes d to produce its value and a receiver.
func Start(d time.Duration) {
	ch := make(chan int)
	go func() {
		time.Sleep(d)
		ch <- 1
	}()
	go func() {
		<-ch
	}()
}
