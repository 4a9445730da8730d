package lockawait_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/testutil"
	"github.com/concurlint/concurlint/passes/lockawait"
)

func TestBasic(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/basic")
}

func TestShapes(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/shapes")
}

func TestCrossPackage(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/crosspkg")
}

func TestDoubleLock(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/double")
}

func TestLockOrder(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/order")
}

func TestLeak(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/leak")
}

func TestSerialisingLock(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/serial")
}

func TestFileIO(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/nofileio")
	if err := lockawait.Analyzer.Flags.Set("fileio", "true"); err != nil {
		t.Fatal(err)
	}
	defer lockawait.Analyzer.Flags.Set("fileio", "false")
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/fileio")
}

func TestIgnoreDirectives(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), lockawait.Analyzer, "lockawait/ignore", "lockawait/generated")
}
