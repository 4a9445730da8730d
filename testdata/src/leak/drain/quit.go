package drain

import "errors"

func handle(int) error { return nil }

// Positives: the owner keeps sending to workers that can stop receiving.

func Feed(items []int) error {
	jobs := make(chan int)
	errc := make(chan error, 1)
	go func() {
		for j := range jobs {
			if err := handle(j); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	for _, it := range items {
		jobs <- it // [forgotten-sender] // want `send on jobs can block forever: the goroutine ranging over jobs \(started at quit.go:\d+\) can stop receiving before jobs is closed \(it leaves its loop at quit.go:\d+\) while Feed goes on sending; let the worker keep draining jobs, or send in a select that also waits on a channel the worker closes when it quits`
	}
	close(jobs)
	return <-errc
}

func consume(in <-chan int, failed *error) {
	for v := range in {
		if v < 0 {
			*failed = errors.New("negative")
			break
		}
	}
}

func FeedPool(items []int) error {
	in := make(chan int, 4)
	var failed error
	for i := 0; i < 4; i++ {
		go consume(in, &failed)
	}
	for _, it := range items {
		in <- it // [forgotten-sender] // want `send on in can block forever: every goroutine ranging over in`
	}
	close(in)
	return failed
}

// Look-alikes that must stay silent.

func FeedDrained(items []int) error {
	jobs := make(chan int)
	errc := make(chan error, 1)
	go func() {
		var first error
		for j := range jobs { // ok: keeps receiving after an error
			if err := handle(j); err != nil && first == nil {
				first = err
				continue
			}
		}
		errc <- first
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	return <-errc
}

func FeedWithDone(items []int) error {
	jobs := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			if handle(j) != nil {
				return
			}
		}
	}()
	for _, it := range items {
		select { // ok: the owner stops when the worker quits
		case jobs <- it:
		case <-done:
			return errors.New("worker failed")
		}
	}
	close(jobs)
	<-done
	return nil
}

func FeedSized(items []int) {
	jobs := make(chan int, len(items)) // ok: room for every item
	go func() {
		for j := range jobs {
			if handle(j) != nil {
				return
			}
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}

func FeedOnce(v int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			if handle(j) != nil {
				return
			}
		}
	}()
	jobs <- v // ok: the one send is received before the worker can quit
	close(jobs)
}

func FeedPanics(items []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs { // ok: the only early exit is a panic
			if handle(j) != nil {
				panic("bad job")
			}
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}
