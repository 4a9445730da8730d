// Package wait waits forever for a goroutine that returned without calling
// Done.
package wait

import "sync"

// Process handles the items concurrently; negative items are skipped.
func Process(items []int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for _, it := range items {
		wg.Add(1)
		go func() {
			if it < 0 {
				return
			}
			mu.Lock()
			sum += it
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	return sum
}
