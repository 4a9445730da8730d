package dep

import (
	"sync"
	"time"
)

// NewNS makes a namespace on a thread of its own and waits, two calls
// down, for that thread to finish: the package's own machinery.
func NewNS() int { return newNS() }

func newNS() int {
	var wg sync.WaitGroup
	var fd int
	wg.Add(1)
	go func() {
		defer wg.Done()
		fd = 3
	}()
	return join(&wg, fd)
}

func join(wg *sync.WaitGroup, fd int) int {
	wg.Wait()
	return fd
}

// Remove retries, two calls down, with short pauses between attempts.
func Remove(path string) error { return removeAll(path) }

func removeAll(path string) error { return pause(path) }

func pause(path string) error {
	time.Sleep(100 * time.Millisecond)
	return nil
}

// Settle waits one call down on the package's own channel: near the call,
// where the caller still sees it.
func Settle() { settle() }

var settled = make(chan struct{})

func settle() { <-settled }

// MarkSettled ends every Settle.
func MarkSettled() { close(settled) }

// Drain waits, two calls down, on the channel its caller hands it.
func Drain(ch chan string) { drain(ch) }

func drain(ch chan string) { drainAll(ch) }

func drainAll(ch chan string) {
	for range ch {
	}
}

// Unmount retries while the target is busy, pausing between attempts one
// call down: the retry is the operation.
func Unmount(target string) error { return unmount(target) }

func unmount(target string) error {
	for range 50 {
		if err := detach(target); err != errBusy {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errBusy
}

type busyError struct{}

func (busyError) Error() string { return "busy" }

var errBusy error = busyError{}

func detach(string) error { return nil }

// Events is an event queue whose loop, started by NewEvents, serves its
// subscribe channel at once: its other case never blocks.
type Events struct {
	subscribe chan chan string
	publish   chan string
}

func NewEvents() *Events {
	e := &Events{subscribe: make(chan chan string), publish: make(chan string)}
	go e.loop()
	return e
}

func (e *Events) loop() {
	var subs []chan string
	for {
		select {
		case c := <-e.subscribe:
			subs = append(subs, c)
		case ev := <-e.publish:
			for _, c := range subs {
				select {
				case c <- ev:
				default:
				}
			}
		}
	}
}

// Subscribe waits until the loop comes round.
func (e *Events) Subscribe() <-chan string {
	c := make(chan string, 16)
	e.subscribe <- c
	return c
}

// Mailer's loop sleeps after each message: a send on its queue can wait
// for as long as the loop is behind.
type Mailer struct{ queue chan string }

func NewMailer() *Mailer {
	m := &Mailer{queue: make(chan string)}
	go m.loop()
	return m
}

func (m *Mailer) loop() {
	for msg := range m.queue {
		_ = msg
		time.Sleep(time.Second)
	}
}

// Send waits for the loop.
func (m *Mailer) Send(msg string) { m.queue <- msg }

// Bus's loop, started by NewBus, receives from the channel before it is
// stored in the field the senders use: the same channel all the same.
type Bus struct{ join chan chan string }

func NewBus() *Bus {
	join := make(chan chan string)
	go func() {
		var members []chan string
		for c := range join {
			members = append(members, c)
		}
		_ = members
	}()
	return &Bus{join: join}
}

// Join waits until the loop comes round.
func (b *Bus) Join() <-chan string {
	c := make(chan string, 1)
	b.join <- c
	return c
}
