// Package answers exercises the answerer model: each wait is annotated with
// who can answer it, as the probe analyzer in model_test prints it.
package answers

import (
	"context"
	"sync"
)

type queue struct {
	mu    sync.Mutex
	items chan int
	sem   chan struct{}
	wg    sync.WaitGroup
	idle  sync.WaitGroup
	ready *sync.Cond
	dead  chan int
	n     int
}

// The receiver takes q.mu in its loop: a sender holding q.mu deadlocks
// against it.
func (q *queue) loop() {
	for v := range q.items { // want `answer: known needs\[\] by send in \(\*queue\).push`
		q.mu.Lock()
		q.n += v
		q.mu.Unlock()
	}
}

func (q *queue) push(v int) {
	q.items <- v // want `answer: known needs\[field mu of modelfacts/answers.queue\] by range in \(\*queue\).loop`
}

// A semaphore: the release takes no lock.
func (q *queue) acquire() {
	q.sem <- struct{}{} // want `answer: known needs\[\] by receive in \(\*queue\).release`
}

func (q *queue) release() {
	<-q.sem // want `answer: known needs\[\] by send in \(\*queue\).acquire`
}

// Nothing sends on q.dead or closes it.
func (q *queue) waitDead() int {
	return <-q.dead // want `answer: none`
}

// Nothing is ever added to q.idle.
func (q *queue) drain() {
	q.idle.Wait() // want `answer: nowait`
}

// Workers lock q.mu before their deferred Done.
func (q *queue) run(n int) {
	for i := 0; i < n; i++ {
		q.wg.Add(1)
		go func() {
			defer q.wg.Done()
			q.mu.Lock()
			q.n++
			q.mu.Unlock()
		}()
	}
	q.wg.Wait() // want `answer: known needs\[field mu of modelfacts/answers.queue\] by Done in func literal in \(\*queue\).run`
}

func (q *queue) signal() {
	q.ready.Broadcast()
}

func (q *queue) await() {
	q.ready.L.Lock()
	q.ready.Wait() // want `answer: known needs\[\] by Signal in \(\*queue\).signal`
	q.ready.L.Unlock()
}

// A local channel answered by a goroutine that locks mu first.
func local(mu *sync.Mutex) int {
	ch := make(chan int)
	go func() {
		mu.Lock()
		defer mu.Unlock()
		ch <- 1 // want `answer: known needs\[\] by receive in local`
	}()
	return <-ch // want `answer: known needs\[local\] by send in func literal in local`
}

// Answered by whoever calls Publish: out of view.
func Publish(ch chan<- int, v int) {
	ch <- v // want `answer: unknown`
}

// Exported fields can be touched by other packages.
type Public struct {
	C chan int
}

func (p *Public) Get() int {
	return <-p.C // want `answer: unknown`
}

// A select with the context's Done can always go.
func wait(ctx context.Context, q *queue) {
	select { // want `answer: known needs\[\] by the context's cancellation`
	case <-q.dead: // nothing sends on dead, but ctx can end the wait
	case <-ctx.Done():
	}
}

// A getter hands out the field's channel; the receive through it is
// answered by the field's senders.
type buf struct {
	c chan int
}

func (b *buf) get() <-chan int { return b.c }

func (b *buf) put(v int) {
	b.c <- v // want `answer: known needs\[\] by receive in \(\*buf\).take`
}

func (b *buf) take() int {
	return <-b.get() // want `answer: known needs\[\] by send in \(\*buf\).put`
}

// A channel handed to a helper that starts its receiver.
func startWorker(jobs chan int, mu *sync.Mutex) {
	go func() {
		for range jobs { // want `answer: known needs\[\] by send in feed`
			mu.Lock()
			mu.Unlock()
		}
	}()
}

func feed(mu *sync.Mutex) {
	jobs := make(chan int)
	startWorker(jobs, mu)
	jobs <- 1 // want `answer: known needs\[local\] by range in func literal in startWorker`
}
