// Package named has roots named by the -roots flag.
package named

import "time"

type Worker struct{}

func (w *Worker) Handle(job string) { // want `root: named by -reqpath.roots`
	w.step()
}

func (w *Worker) step() { // want `reached: \(\*Worker\).Handle → \(\*Worker\).step`
	time.Sleep(time.Millisecond)
}

func (w *Worker) Other() { // want `root: named by -reqpath.roots`
}

func Process(job string) { // want `root: named by -reqpath.roots`
}

func Unnamed() { // ok: not named
}
