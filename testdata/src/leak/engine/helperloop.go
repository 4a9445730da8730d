package engine

// Sends in a loop inside a helper: the goroutine sends more than once even
// though its own body has no loop.

func produce(out chan<- int, items []int) {
	for _, it := range items {
		out <- it
	}
}

func FirstOfHelper(items []int) int {
	ch := make(chan int, 1)
	go func() {
		produce(ch, items) // want `the goroutine's send in produce can block forever: FirstOfHelper returns at helperloop.go:\d+ after receiving from ch once while the goroutine still has more to send`
	}()
	return <-ch
}

func sendTwice(out chan<- int) {
	out <- 1
	out <- 2
}

func FirstOfTwo() int {
	ch := make(chan int)
	go func() {
		sendTwice(ch) // want `the goroutine's send in sendTwice can block forever: FirstOfTwo returns at helperloop.go:\d+ after receiving from ch once while the goroutine still has more to send`
	}()
	return <-ch
}

func sendOne(out chan<- int, ok bool) {
	if ok {
		out <- 1
	} else {
		out <- 0
	}
}

func OneOfTwoPaths(ok bool) int {
	ch := make(chan int, 1)
	go func() {
		sendOne(ch, ok) // ok: one send on every path, and the buffer holds it
	}()
	return <-ch
}

func AllOfHelper(items []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		produce(ch, items) // ok: the owner ranges over ch until it is closed
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}
