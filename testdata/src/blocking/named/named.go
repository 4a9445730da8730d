// Package named has a worker method named as a root with -blocking.roots.
package named

import "time"

type Worker struct{}

func (w *Worker) Handle(job string) {
	time.Sleep(time.Second) // want `time.Sleep in \(\*Worker\).Handle \(named by -reqpath.roots\) blocks the request .*the request's ctx.Done\(\)`
}

func (w *Worker) Idle() {
	time.Sleep(time.Second) // ok: not named
}
