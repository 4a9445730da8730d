// Package leak defines an Analyzer that reports goroutines that can never
// finish and cancellation that never comes.
//
// # Analyzer leak
//
// leak: report goroutines that can block forever and cancellations never made
//
// (documentation in progress)
package leak
