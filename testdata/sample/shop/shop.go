// Package shop has one mistake of each kind concurlint finds.
package shop

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

type Event int

type Broker struct {
	mu   sync.Mutex
	subs []chan Event
}

// Publish holds b.mu across the sends (lockawait/send-under-lock).
func (b *Broker) Publish(v Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs {
		ch <- v
	}
}

// Retry sleeps on the request path (blocking/sleep-in-request).
func Retry(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second)
}

func resize(int) {}

// ResizeAll starts a goroutine per image (cpuwork/unbounded-fanout).
func ResizeAll(imgs []int) {
	var wg sync.WaitGroup
	for _, img := range imgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resize(img)
		}()
	}
	wg.Wait()
}

var errTimeout = errors.New("timeout")

func compute() int { return 42 }

// FetchWithTimeout strands its goroutine after a timeout
// (leak/forgotten-sender).
func FetchWithTimeout(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errTimeout
	}
}
