// Package cycle holds wait-for cycles of two loops, and their twins.
package cycle

func use(int) {}

// control is the only receiver of cmds and sends on events; notify is the
// only receiver of events and sends on cmds.
type engine struct {
	cmds   chan int
	events chan int
}

func newEngine() *engine {
	e := &engine{cmds: make(chan int), events: make(chan int)}
	go e.control()
	go e.notify()
	return e
}

func (e *engine) Submit(c int) { e.cmds <- c }

func (e *engine) Close() { close(e.cmds); close(e.events) }

func (e *engine) control() {
	for c := range e.cmds {
		e.events <- c // want `send on e.events can deadlock: \(\*engine\).control receives from e.cmds and sends on e.events here, while \(\*engine\).notify, the only receiver of e.events, sends on e.cmds \(cycle.go:\d+\) and only \(\*engine\).control receives from it`
	}
}

func (e *engine) notify() {
	for ev := range e.events {
		if ev > 0 {
			e.cmds <- ev - 1
		}
	}
}

// The twin: the feedback is sent from a goroutine of its own.
type asyncEngine struct {
	cmds   chan int
	events chan int
}

func newAsyncEngine() *asyncEngine {
	e := &asyncEngine{cmds: make(chan int), events: make(chan int)}
	go e.control()
	go e.notify()
	return e
}

func (e *asyncEngine) Submit(c int) { e.cmds <- c }

func (e *asyncEngine) Close() { close(e.cmds); close(e.events) }

func (e *asyncEngine) control() {
	for c := range e.cmds {
		e.events <- c // ok: notify never waits on cmds while handling an event
	}
}

func (e *asyncEngine) notify() {
	for ev := range e.events {
		if ev > 0 {
			go func() { e.cmds <- ev - 1 }()
		}
	}
}

// The twin: a pipeline, not a cycle.
type pipeline struct {
	in, out chan int
}

func newPipeline() *pipeline {
	p := &pipeline{in: make(chan int), out: make(chan int)}
	go p.stage()
	go p.sink()
	return p
}

func (p *pipeline) Put(v int) { p.in <- v }

func (p *pipeline) Close() { close(p.in); close(p.out) }

func (p *pipeline) stage() {
	for v := range p.in {
		p.out <- v * 2 // ok: the sink never sends back
	}
}

func (p *pipeline) sink() {
	for v := range p.out {
		use(v)
	}
}
