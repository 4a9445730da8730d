package chans

import (
	"context"
	"errors"
	"time"
)

func compute() int       { return 1 }
func check() error       { return nil }
func work() (int, error) { return 1, nil }

// --- forgotten senders ---

func FetchWithTimeout(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // [forgotten-sender] // want `send on ch can block forever: FetchWithTimeout returns at chans.go:\d+ without receiving from ch when the select at chans.go:\d+ takes another case; give ch a buffer of 1`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func FetchCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- compute() }() // [forgotten-sender] // want `send on ch can block forever: FetchCtx returns at chans.go:\d+ without receiving from ch when the select at chans.go:\d+`
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func EarlyReturn() (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // [forgotten-sender] // want `send on ch can block forever: EarlyReturn returns at chans.go:\d+ without receiving from ch;`
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func FirstResponse(servers []string) int {
	ch := make(chan int)
	for range servers {
		go func() {
			ch <- compute() // [forgotten-sender] // want `send on ch can block forever: FirstResponse returns at chans.go:\d+ after receiving from ch once while goroutines started in a loop wait on it`
		}()
	}
	return <-ch
}

func FirstError(jobs []int) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func() {
			_ = j
			_, err := work()
			errc <- err // [forgotten-sender] // want `send on errc can block forever: FirstError returns at chans.go:\d+ from inside the loop receiving from errc while other goroutines still wait on it`
		}()
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func TwoSenders() int {
	ch := make(chan int)
	go func() { ch <- 1 }() // [forgotten-sender] // want `send on ch can block forever: TwoSenders returns at chans.go:\d+ after receiving from ch once while 2 goroutines wait on it; give ch a buffer of 2`
	go func() { ch <- 2 }()
	return <-ch
}

// A goroutine started through a method value.
type fetcher struct{}

func (f *fetcher) fetch(out chan<- int) {
	out <- compute() // [forgotten-sender] // want `send on out can block forever: MethodValue returns at chans.go:\d+ without receiving from ch when the select at chans.go:\d+ takes another case`
}

func MethodValue(ctx context.Context) int {
	ch := make(chan int)
	f := &fetcher{}
	go f.fetch(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// A goroutine that sends through a helper.
func send(out chan<- int, v int) { out <- v }

func ViaHelper(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		send(ch, compute()) // [forgotten-sender] // want `the goroutine's send in send can block forever: ViaHelper returns at chans.go:\d+`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// --- look-alikes that must stay silent ---

func Buffered(d time.Duration) int {
	ch := make(chan int, 1) // ok: the one sender can always complete its send
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	}
}

func SizedForSenders(servers []string) int {
	ch := make(chan int, len(servers)) // ok: a buffer sized for the senders
	for range servers {
		go func() { ch <- compute() }()
	}
	return <-ch
}

func GuardedSend(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute(): // ok: the sender gives up when ctx is cancelled
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func DrainAll(jobs []int) error {
	errc := make(chan error)
	for range jobs {
		go func() {
			_, err := work()
			errc <- err // ok: every sender is received before returning
		}()
	}
	var first error
	for range jobs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func DrainedByDefer(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- compute() }() // ok: the deferred function drains ch
	defer func() { <-ch }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func RangeUntilClosed() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < 3; i++ {
			ch <- i // ok: the owner ranges until ch is closed
		}
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func OkLoop() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		ch <- 1 // ok: the owner receives until the ok of the receive says closed
		ch <- 2
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum
		}
		sum += v
	}
}

func ResultOrError() (int, error) {
	resc, errc := make(chan int), make(chan error)
	go func() {
		v, err := work()
		if err != nil {
			errc <- err // ok: the goroutine sends on one of the two, and the select takes either
			return
		}
		resc <- v
	}()
	select {
	case v := <-resc:
		return v, nil
	case err := <-errc:
		return 0, err
	}
}

func Returned() <-chan int {
	ch := make(chan int) // ok: the caller receives
	go func() { ch <- compute() }()
	return ch
}

func Stored(s *struct{ ch chan int }) {
	ch := make(chan int) // ok: someone else may receive from the field
	s.ch = ch
	go func() { ch <- compute() }()
}

// --- forgotten receivers ---

func StartGate(fail bool) error {
	start := make(chan struct{})
	go func() {
		<-start // [forgotten-receiver] // want `receive from start can block forever: StartGate returns at chans.go:\d+ without sending on or closing start; close start on every path out of StartGate`
		compute()
	}()
	if fail {
		return errors.New("failed")
	}
	close(start)
	return nil
}

func GateDeferClose(fail bool) error {
	start := make(chan struct{})
	go func() {
		<-start // ok: the deferred close releases the goroutine on every path
	}()
	defer close(start)
	if fail {
		return errors.New("failed")
	}
	return nil
}

// --- unclosed ranges ---

func Workers(jobs []int) {
	ch := make(chan int)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range ch { // [unclosed-range] // want `range over ch never ends: nothing closes ch, which Workers makes; close ch after the last send`
				_ = j
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
}

func WorkersEarlyReturn(jobs []int) error {
	ch := make(chan int)
	go func() {
		for j := range ch { // [unclosed-range] // want `range over ch never ends when WorkersEarlyReturn returns at chans.go:\d+ without closing ch`
			_ = j
		}
	}()
	for _, j := range jobs {
		if j < 0 {
			return errors.New("negative")
		}
		ch <- j
	}
	close(ch)
	return nil
}

func WorkersClosed(jobs []int) {
	ch := make(chan int)
	go func() {
		for j := range ch { // ok: closed by the deferred close
			_ = j
		}
	}()
	defer close(ch)
	for _, j := range jobs {
		ch <- j
	}
}

func ProducerCloses(jobs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, j := range jobs {
			ch <- j
		}
	}()
	go func() {
		for j := range ch { // ok: the producer goroutine closes ch
			_ = j
		}
	}()
}

func OneAtATime() error {
	errc := make(chan error)
	go func() { errc <- check() }() // ok: each goroutine is received before the next starts
	if err := <-errc; err != nil {
		return err
	}
	go func() { errc <- check() }()
	return <-errc
}

func Suppressed(d time.Duration) int {
	ch := make(chan int)
	//concurlint:ignore leak the result is optional and the goroutine is short-lived in tests
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	}
}

func Checkers(ctx context.Context, checkers []chan struct{}) bool {
	type result struct{ done bool }
	results := make(chan result)
	for _, c := range checkers {
		go func() {
			select {
			case <-c:
				results <- result{true} // ok: exactly one result per goroutine is received below
			case <-ctx.Done():
				results <- result{false}
			}
		}()
	}
	all := true
	for range len(checkers) {
		r := <-results
		all = all && r.done
	}
	return all
}

func ClosedFirst(n int) {
	work := make(chan int, n)
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	for i := 0; i < 2; i++ {
		go func() {
			for w := range work { // ok: closed before the workers start
				_ = w
			}
		}()
	}
}

func DoneOrError(fetch func() error) {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := fetch(); err != nil {
			errs <- err // ok: the goroutine either sends on errs or closes done, and the select takes either
			return
		}
		close(done)
	}()
	select {
	case err := <-errs:
		_ = err
	case <-done:
	}
}

func Semaphore(n int) {
	sem := make(chan struct{}, 4)
	for i := 0; i < n; i++ {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }() // ok: a semaphore; the owner's send comes before the goroutine starts
			compute()
		}()
	}
}

func SelectLoop(ctx context.Context, jobs []int) int {
	results := make(chan int)
	for range jobs {
		go func() {
			results <- compute() // [forgotten-sender] // want `send on results can block forever: SelectLoop returns at chans.go:\d+ without receiving from results when the select at chans.go:\d+ takes another case`
		}()
	}
	sum := 0
	for {
		select {
		case r := <-results:
			sum += r
		case <-ctx.Done():
			return sum
		}
	}
}

func CopyStreams(ctx context.Context, streams []string) error {
	done := make(chan struct{}, 2)
	errc := make(chan error)
	cp := func(name string) {
		if name == "stdout" || name == "stderr" {
			done <- struct{}{} // ok: only two of the three copies report, and the buffer holds two
		}
	}
	go func() { errc <- check() }() // [forgotten-sender] // want `send on errc can block forever`
	go cp("stdin")
	go cp("stdout")
	go cp("stderr")
	for n := 0; n < 2; {
		select {
		case <-done:
			n++
		case err := <-errc:
			return err
		}
	}
	return nil
}

func StreamUntilError() error {
	msgs, errs := make(chan int), make(chan error)
	go func() {
		for {
			if err := check(); err != nil {
				errs <- err
				return
			}
			msgs <- compute() // ok: the owner stops receiving only after the final error
		}
	}()
	for {
		select {
		case m := <-msgs:
			_ = m
		case err := <-errs:
			return err
		}
	}
}

func PerCase(cases []int, d time.Duration) error {
	for range cases {
		errc := make(chan error)
		go func() {
			errc <- check() // ok: one goroutine per channel, and each channel is received from before the next case
		}()
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-time.After(d):
			panic("timeout")
		}
	}
	return nil
}

func WaitsForEnd(ctx context.Context) {
	applied := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Millisecond):
				applied <- struct{}{} // ok: the owner waits for the goroutine to end before returning; a stuck send would hang it, not leak
			}
		}
	}()
	<-applied
	<-applied
	<-stopped
}
