package knowledge

// ChanArg says what a standard-library function does with a channel (or
// another synchronisation object) it is given, for the answerer model: the
// standard library is not analysed, so without an entry a channel handed to
// it is taken to be out of view.
type ChanArg uint8

const (
	// ChanArgUnknown: no entry; the object escapes out of view.
	ChanArgUnknown ChanArg = iota
	// ChanArgInert: the function neither keeps the object nor operates
	// on it in a way that answers a wait (len, cap, reflection on the
	// type, formatting).
	ChanArgInert
	// ChanArgSends: the function (or the runtime for it) sends on the
	// channel later, from outside any lock of the program: a receive on
	// it has an answerer that needs nothing.
	ChanArgSends
)

// chanArgs lists standard functions by FullName.
var chanArgs = map[string]ChanArg{
	// The runtime delivers signals with non-blocking sends.
	"os/signal.Notify": ChanArgSends,
	// Stop and Reset undo Notify; they neither keep nor wait.
	"os/signal.Stop":  ChanArgInert,
	"os/signal.Reset": ChanArgInert,
	// Formatting a channel prints its address.
	"fmt.Sprint": ChanArgInert, "fmt.Sprintf": ChanArgInert, "fmt.Printf": ChanArgInert,
	"fmt.Println": ChanArgInert, "fmt.Errorf": ChanArgInert, "fmt.Fprintf": ChanArgInert,
	// Identity checks.
	"reflect.TypeOf": ChanArgInert,
}

// LookupChanArg returns what the function with the given FullName does with
// a channel argument.
func LookupChanArg(fullName string) ChanArg { return chanArgs[fullName] }

// SyncOp says what a method of a WaitGroup-like or Cond-like type does, for
// the answerer model: a Wait is answered by the Done calls (and by the
// return of the functions handed to Go) on the same object, a Cond's Wait
// by its Signal and Broadcast calls.
type SyncOp uint8

const (
	NotSyncOp    SyncOp = iota
	SyncAdd             // WaitGroup.Add: a later Wait has something to wait for
	SyncDone            // WaitGroup.Done
	SyncGo              // WaitGroup.Go, errgroup's Go: Add, and Done when the function returns
	SyncWaitAll         // WaitGroup.Wait, errgroup's Wait
	SyncSignal          // Cond.Signal, Cond.Broadcast
	SyncCondWait        // Cond.Wait
)

var syncOps = map[string]SyncOp{
	"(*sync.WaitGroup).Add":                     SyncAdd,
	"(*sync.WaitGroup).Done":                    SyncDone,
	"(*sync.WaitGroup).Go":                      SyncGo,
	"(*sync.WaitGroup).Wait":                    SyncWaitAll,
	"(*golang.org/x/sync/errgroup.Group).Go":    SyncGo,
	"(*golang.org/x/sync/errgroup.Group).TryGo": SyncGo,
	"(*golang.org/x/sync/errgroup.Group).Wait":  SyncWaitAll,
	"(*sync.Cond).Signal":                       SyncSignal,
	"(*sync.Cond).Broadcast":                    SyncSignal,
	"(*sync.Cond).Wait":                         SyncCondWait,
}

// LookupSyncOp returns what the method with the given FullName does.
func LookupSyncOp(fullName string) SyncOp { return syncOps[fullName] }

// onceRunners are the methods that run a function argument at most once
// per receiver, by FullName, with the index of that argument (receiver
// excluded): a function a package-level sync.Once runs, runs once per
// program.
var onceRunners = map[string]int{
	"(*sync.Once).Do": 0,
}

// RunsOnce reports whether the method with the given FullName runs one of
// its arguments at most once per receiver, and which (receiver excluded).
func RunsOnce(fullName string) (arg int, ok bool) {
	arg, ok = onceRunners[fullName]
	return arg, ok
}

// formatters lists the functions that format their arguments with the
// fmt verbs, and so call the String or Error method of a value they are
// given.
var formatters = map[string]bool{
	"fmt.Sprintf": true, "fmt.Sprint": true, "fmt.Sprintln": true,
	"fmt.Printf": true, "fmt.Print": true, "fmt.Println": true,
	"fmt.Fprintf": true, "fmt.Fprint": true, "fmt.Fprintln": true,
	"fmt.Errorf": true, "fmt.Appendf": true,
	"log.Printf": true, "log.Print": true, "log.Println": true,
	"log.Fatalf": true, "log.Fatal": true, "log.Panicf": true,
	"(*log.Logger).Printf": true, "(*log.Logger).Print": true, "(*log.Logger).Println": true,
	"(*log.Logger).Fatalf": true, "(*log.Logger).Panicf": true,
}

// FormatsArgs reports whether the function with the given FullName formats
// its arguments.
func FormatsArgs(fullName string) bool { return formatters[fullName] }

// freshObjects lists the functions of other packages that return a new
// concurrency object and keep no reference to it: what answers a wait on
// it is whatever the caller's package does with it.
var freshObjects = map[string]bool{
	"sync.NewCond": true,
}

// MakesFresh reports whether the function with the given FullName returns
// a new concurrency object it keeps no reference to.
func MakesFresh(fullName string) bool { return freshObjects[fullName] }
