// Command shapes leaks or deadlocks goroutines in one of several shapes and
// then captures its goroutines in one of the forms the runtime and its
// tools produce, for concurlint explain's tests.
//
//	shapes SHAPE MODE
//
// SHAPE is sender, range, field, generic, nilchan, pipe, slow, wait,
// double or cycle.
// MODE is sigquit (print "ready" and wait for SIGQUIT), panic, debug2 (the
// goroutine profile's text page), proto (the goroutine profile), leak (the
// goroutineleak profile, in builds with GOEXPERIMENT=goroutineleakprofile),
// leaktext (its debug=2 text, where leaked goroutines are marked) or
// goleak (goleak's failure message).
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"go.uber.org/goleak"

	"example.com/shapes/cycle"
	"example.com/shapes/doublelock"
	"example.com/shapes/fieldchan"
	"example.com/shapes/generic"
	"example.com/shapes/nilchan"
	"example.com/shapes/pipe"
	"example.com/shapes/rangeearly"
	"example.com/shapes/sender"
	"example.com/shapes/slow"
	"example.com/shapes/wait"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: shapes SHAPE MODE")
		os.Exit(2)
	}
	blocked := start(os.Args[1])
	if blocked == 0 {
		fmt.Fprintf(os.Stderr, "unknown shape %q\n", os.Args[1])
		os.Exit(2)
	}
	if !settle(blocked) {
		fmt.Fprintf(os.Stderr, "shape %s: the goroutines did not block in time\n", os.Args[1])
		os.Exit(3)
	}
	runtime.GC()
	if err := capture(os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
}

// settle waits until n goroutines are blocked on channels or locks (on a
// busy machine a fixed sleep is not enough), for at most ten seconds.
func settle(n int) bool {
	buf := make([]byte, 1<<20)
	for range 1000 {
		time.Sleep(10 * time.Millisecond)
		text := string(buf[:runtime.Stack(buf, true)])
		if strings.Count(text, " [chan send")+strings.Count(text, " [chan receive")+strings.Count(text, " [sync.Mutex.Lock")+strings.Count(text, " [select")+strings.Count(text, " [sync.WaitGroup.Wait") >= n {
			return true
		}
	}
	return false
}

// keep keeps what a shape returns reachable.
var keep any

// start starts the shape's goroutines and returns how many will block, or
// 0 for an unknown shape.
func start(shape string) int {
	switch shape {
	case "sender":
		// Every call times out, then the backend answers.
		for range 3 {
			sender.Fetch(time.Millisecond)
		}
		sender.Up()
		return 3
	case "range":
		for range 2 {
			rangeearly.Check(10)
		}
		return 2
	case "field":
		fieldchan.Open()
		fieldchan.Open()
		return 2
	case "generic":
		f := func() int { return 1 }
		generic.First(f, f, f)
		return 2
	case "double":
		s := doublelock.New()
		go s.Incr("a")
		settle(1)
		go s.Get("b")
		return 2
	case "wait":
		go wait.Process([]int{1, -1, 2})
		return 1
	case "nilchan":
		go new(nilchan.Server).Serve()
		return 1
	case "pipe":
		keep = pipe.Start()
		return 1
	case "slow":
		slow.Start(time.Hour)
		return 1
	case "cycle":
		// The loop works on "a" for a while; "b" is published
		// meanwhile, under the lock the loop needs next.
		h := cycle.NewHub()
		h.Publish("a")
		go h.Publish("b")
		return 2
	}
	return 0
}

func capture(mode string) error {
	switch mode {
	case "sigquit":
		fmt.Println("ready")
		time.Sleep(time.Minute)
		return fmt.Errorf("no SIGQUIT came")
	case "panic":
		debug.SetTraceback("all")
		panic("dump requested")
	case "debug2":
		return pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
	case "proto":
		return pprof.Lookup("goroutine").WriteTo(os.Stdout, 0)
	case "leak", "leaktext":
		p := pprof.Lookup("goroutineleak")
		if p == nil {
			return fmt.Errorf("no goroutineleak profile in this build")
		}
		debug := 0
		if mode == "leaktext" {
			debug = 2 // every goroutine's stack, the leaked ones marked
		}
		return p.WriteTo(os.Stdout, debug)
	case "goleak":
		err := goleak.Find()
		if err == nil {
			return fmt.Errorf("goleak found nothing")
		}
		fmt.Println(err)
		return nil
	}
	return fmt.Errorf("unknown mode %q", mode)
}
