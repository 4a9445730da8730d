package model_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/model"
	"github.com/concurlint/concurlint/internal/testutil"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, testutil.TestData(), model.Analyzer, "modelfacts/a")
}
