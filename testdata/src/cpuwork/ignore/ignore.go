// Package ignore checks that //concurlint:ignore silences cpuwork findings
// and that a directive that silences nothing is reported.
package ignore

func work(int) {}

func Suppressed(xs []int) {
	for _, x := range xs {
		//concurlint:ignore cpuwork xs holds at most a handful of shards
		go work(x)
	}
}

// SuppressedFunc fans out on purpose.
//
//concurlint:ignore cpuwork callers pass at most eight items
func SuppressedFunc(xs []int) {
	for _, x := range xs {
		go work(x)
	}
}

func Reported(xs []int) {
	for _, x := range xs {
		go work(x) // [unbounded-fanout] // want `a goroutine is started for every element of xs`
	}
}

func Unused(x int) {
	//concurlint:ignore cpuwork nothing to suppress here // want `concurlint:ignore cpuwork directive suppresses nothing; remove it`
	go work(x)
}
