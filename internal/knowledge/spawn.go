package knowledge

import "go/types"

// spawners lists library functions that run a function argument in a new
// goroutine, with the index of that argument among the call's arguments
// (receiver excluded). A call of one of them starts a goroutine just as a
// go statement does.
var spawners = map[string]int{
	"(*golang.org/x/sync/errgroup.Group).Go":    0, // runs f in a goroutine tracked by the group
	"(*golang.org/x/sync/errgroup.Group).TryGo": 0, // the same, when under the limit
	"(*sync.WaitGroup).Go":                      0, // Go 1.25: Add(1), go f(), Done
	"time.AfterFunc":                            1, // runs f in its own goroutine when the timer fires
}

// Spawner reports whether fn runs one of its arguments in a new goroutine,
// and which argument (receiver excluded).
func Spawner(fn *types.Func) (arg int, ok bool) {
	if fn == nil {
		return 0, false
	}
	arg, ok = spawners[fn.Origin().FullName()]
	return arg, ok
}
