// Command testtool is the concurlint driver with the test analyzers of
// package drivertest, built by the end-to-end tests.
package main

import (
	"github.com/concurlint/concurlint/internal/driver"
	"github.com/concurlint/concurlint/internal/driver/drivertest"
)

func main() {
	driver.Main(drivertest.Suite)
}
