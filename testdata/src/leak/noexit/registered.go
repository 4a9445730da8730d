package noexit

import (
	"flag"
	"net/http"
	"time"
)

// A function that registers a constant name in a registry of the whole
// process cannot run twice: the second run panics on the name. A
// command's Run method (called by reflection from a CLI framework) or a
// shim's exported entry point shows that it runs once this way.

type Command struct {
	Interval time.Duration
}

func saveDump() {}

func (cmd *Command) Run() error {
	go func() {
		for range time.Tick(cmd.Interval) { // ok: http.Handle below panics on a second run, so one ticker per process
			saveDump()
		}
	}()
	http.Handle("/metrics", http.NotFoundHandler())
	return http.ListenAndServe(":8080", nil)
}

// RunShim is the entry point of the binaries that embed the shim.
func RunShim() error {
	return runShim()
}

var debug bool

func parseFlags() {
	flag.BoolVar(&debug, "debug", false, "enable debug output")
	flag.Parse()
}

func runShim() error {
	parseFlags()
	setRuntime()
	return nil
}

func setRuntime() {
	go func() { // ok: runShim defines flags before calling setRuntime, so it runs once per process
		for range time.Tick(30 * time.Second) {
			saveDump()
		}
	}()
}

// The positives: the name is computed (each run may register another),
// or the registration is made on some paths only.

func (cmd *Command) Serve(name string) error {
	go func() { // want `goroutine running func literal in \(\*Command\).Serve never exits: .* each call of the method \(\*Command\).Serve starts one more`
		for range time.Tick(cmd.Interval) {
			saveDump()
		}
	}()
	http.Handle("/"+name, http.NotFoundHandler())
	return nil
}

func (cmd *Command) MaybeRegister(verbose bool) error {
	go func() { // want `goroutine running func literal in \(\*Command\).MaybeRegister never exits`
		for range time.Tick(cmd.Interval) {
			saveDump()
		}
	}()
	if verbose {
		flag.Bool("verbose", true, "")
	}
	return nil
}
