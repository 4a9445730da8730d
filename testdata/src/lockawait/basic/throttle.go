package basic

import "sync"

// workThrottle limits concurrent workers and collects their errors. Its error
// channel is made with one slot per worker (a computed size), so a worker
// reporting an error does not wait for take to receive it; its token
// channel of the same size is a semaphore, whose sends do wait.
type workThrottle struct {
	tokens chan struct{}
	errs   chan error
}

func newWorkThrottle(workers int) *workThrottle {
	return &workThrottle{tokens: make(chan struct{}, workers), errs: make(chan error, workers)}
}

// take waits for a token, returning the first error a finished worker left.
func (t *workThrottle) take() error {
	for {
		select {
		case t.tokens <- struct{}{}:
			return nil
		case err := <-t.errs:
			if err != nil {
				return err
			}
		}
	}
}

func (t *workThrottle) finish(err error) {
	if err != nil {
		t.errs <- err
	}
	select {
	case <-t.tokens:
	default:
		panic("finish without take")
	}
}

// Writer commits batches under its lock, through the workThrottle.
type Writer struct {
	mu sync.Mutex
	t  *workThrottle
}

func NewWriter(workers int) *Writer { return &Writer{t: newWorkThrottle(workers)} }

func (w *Writer) Commit(work func() error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.t.take(); err != nil {
		return err
	}
	go func() { w.t.finish(work()) }()
	return nil
}

// Abort reports an error as a worker would, under the writer's lock; take
// (under the same lock) is the receiver, but the buffer has a slot per
// worker.
func (w *Writer) Abort(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.t.take() != nil {
		return
	}
	w.t.finish(err) // ok: errs has a slot per worker (a buffer of computed size)
}

// rendezvousThrottle is the same with an unbuffered error channel: a
// worker's error waits for take, which needs the writer's lock.
type rendezvousThrottle struct {
	errs chan error
}

func (t *rendezvousThrottle) take() error { return <-t.errs }

type StrictWriter struct {
	mu sync.Mutex
	t  *rendezvousThrottle
}

func NewStrictWriter() *StrictWriter {
	return &StrictWriter{t: &rendezvousThrottle{errs: make(chan error)}}
}

func (w *StrictWriter) Next() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.t.take() // [call-under-lock] // want `w.mu is held across a call to w.t.take, which may block: receive from t.errs \(throttle.go:\d+\) \(locked at throttle.go:\d+\), and its sender needs w.mu first`
}

func (w *StrictWriter) Abort(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t.errs <- err // [send-under-lock] // want `w.mu is held across send on w.t.errs \(locked at throttle.go:\d+\), and its receiver needs w.mu first`
}
