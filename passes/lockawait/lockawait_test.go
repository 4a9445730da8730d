package lockawait_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/lockawait"
)

// TestLockawait runs every fixture package in one analysistest run, so that
// the standard library is loaded once. Each package covers one group of
// rules:
//
//	basic     channel operations, waits, sleeps and I/O under a lock, and
//	          the operations that cannot block
//	shapes    embedded mutexes, nested fields, sync.Locker, method values,
//	          closures, helpers, generics, sync.Cond, futures
//	crosspkg  callees in another package (lockawait/dep), through facts
//	double    double locks and recursive read locks
//	order     lock-order inversions and cycles, also across packages
//	          (lockawait/orderdep)
//	leak      locks left held on some path
//	serial    locks whose only job is to serialise I/O
//	nofileio  file I/O, not reported by default
//	ignore    //concurlint:ignore directives
//	generated generated files
//	callbacks function values run under a lock by the function they are
//	          passed to (withLock(func() {...})), also across packages
//	          (lockawait/cbdep)
//	iface     calls through an interface the package declares, when every
//	          implementation it declares may block
func TestLockawait(t *testing.T) {
	testutil.Run(t, lockawait.Analyzer,
		"lockawait/basic", "lockawait/shapes", "lockawait/crosspkg",
		"lockawait/double", "lockawait/order", "lockawait/leak",
		"lockawait/serial", "lockawait/nofileio", "lockawait/ignore",
		"lockawait/generated", "lockawait/callbacks", "lockawait/iface")
}

func TestFileIOFlag(t *testing.T) {
	if err := lockawait.Analyzer.Flags.Set("fileio", "true"); err != nil {
		t.Fatal(err)
	}
	defer lockawait.Analyzer.Flags.Set("fileio", "false")
	testutil.Run(t, lockawait.Analyzer, "lockawait/fileio")
}

// TestExtraBlockingFlag checks -lockawait.extra-blocking: a call of a
// function that blocks only because the flag says so is reported under a
// lock, and one the flag does not name is not.
func TestExtraBlockingFlag(t *testing.T) {
	if err := lockawait.Analyzer.Flags.Set("extra-blocking", "(*plugin/extra.Queue).Wait=sync-wait"); err != nil {
		t.Fatal(err)
	}
	defer lockawait.Analyzer.Flags.Set("extra-blocking", "")
	testutil.Run(t, lockawait.Analyzer, "plugin/extra")
	if err := lockawait.Analyzer.Flags.Set("extra-blocking", "a.F=slowly"); err == nil || !strings.Contains(err.Error(), `unknown kind "slowly"`) {
		t.Errorf("a bad kind: %v", err)
	}
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{lockawait.Analyzer}); err != nil {
		t.Fatal(err)
	}
}
