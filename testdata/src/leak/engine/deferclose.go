package engine

import "errors"

func use(int) error { return nil }

// defer close(results) in the producer: every receive of data is not the
// producer's end; only the end of the range (or ok == false) is.

func Consume(items []int) error {
	results := make(chan int)
	go func() {
		defer close(results)
		for _, it := range items {
			results <- it // want `send on results can block forever: Consume returns at deferclose.go:\d+ from inside the loop receiving from results while the goroutine still has more to send; keep receiving from results until it is closed`
		}
	}()
	for r := range results {
		if err := use(r); err != nil {
			return err
		}
	}
	return nil
}

func ConsumeOne(items []int) (int, error) {
	results := make(chan int)
	go func() {
		defer close(results)
		for _, it := range items {
			results <- it // want `send on results can block forever: ConsumeOne returns at deferclose.go:\d+ after receiving from results once while the goroutine still has more to send`
		}
	}()
	r, ok := <-results
	if !ok {
		return 0, errors.New("none")
	}
	return r, nil
}

func ConsumeAll(items []int) error {
	results := make(chan int)
	go func() {
		defer close(results)
		for _, it := range items {
			results <- it // ok: the consumer keeps draining after the first error
		}
	}()
	var first error
	for r := range results {
		if err := use(r); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func ConsumeUntilDone(items []int) error {
	results := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, it := range items {
			results <- it // ok: done is closed only when the producer has ended, and the consumer waits for it
		}
	}()
	for {
		select {
		case r := <-results:
			if err := use(r); err != nil {
				<-done
				return err
			}
		case <-done:
			return nil
		}
	}
}

// The same through a field only this function receives from.

type pump struct{ out chan int }

func (p *pump) Run(items []int) error {
	p.out = make(chan int)
	go func() {
		defer close(p.out)
		for _, it := range items {
			p.out <- it // want `send on p.out can block forever: \(\*pump\).Run returns at deferclose.go:\d+ from inside the loop receiving from p.out while the goroutine still has more to send, and nothing else in this package receives from p.out`
		}
	}()
	for r := range p.out {
		if err := use(r); err != nil {
			return err
		}
	}
	return nil
}
