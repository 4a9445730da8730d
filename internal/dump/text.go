package dump

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/maruel/panicparse/v2/stack"
)

// A LineError is a failure to read a dump, at a line of it.
type LineError struct {
	Name string // the dump's file name
	Line int    // 1-based; 0 when the line is not known
	Text string // the line, when known
	Msg  string
}

func (e *LineError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Name, e.Msg)
	}
	if e.Text == "" {
		return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %q", e.Name, e.Line, e.Msg, e.Text)
}

// parseText reads every goroutine traceback in data, skipping what lies
// between them (log lines, test output, register dumps).
func parseText(name string, data []byte) (*Dump, error) {
	d := &Dump{Name: name, Format: "text"}
	// No path guessing or source reading: paths are mapped to the module
	// by the caller, which knows where it is.
	opts := &stack.Opts{}
	var in io.Reader = bytes.NewReader(fromGoleak(data))
	for range len(data) + 1 { // each round consumes at least one line
		snap, suffix, err := stack.ScanSnapshot(in, io.Discard, opts)
		if err != nil && !errors.Is(err, io.EOF) {
			if !endsIndented(snap, err) {
				return nil, textError(name, data, err)
			}
			err = nil // the next line is not part of the dump
		}
		if snap != nil {
			for _, g := range snap.Goroutines {
				d.Goroutines = append(d.Goroutines, fromPanicparse(g))
			}
		}
		if errors.Is(err, io.EOF) || snap == nil && len(suffix) == 0 {
			break
		}
		in = io.MultiReader(bytes.NewReader(suffix), in)
	}
	if len(d.Goroutines) == 0 {
		return nil, noDump(name, data)
	}
	if err := truncated(name, data, d.Goroutines[len(d.Goroutines)-1]); err != nil {
		return nil, err
	}
	return d, nil
}

// goleakHeader is the line goleak prints in place of the runtime's
// goroutine header ("goroutine 7 [chan send]:"), after a "[" for the first
// goroutine of its failure message and a space for the others (it formats
// a slice); what precedes them is the indentation of the whole message
// (go test indents a test's log).
var goleakHeader = regexp.MustCompile(`(?m)^([ \t]*?)(?:\[|\x20)?Goroutine (\d+) in state (.+), with \S+ on top of the stack:(\r?)$`)

// goleakEnd is the "]" that closes goleak's list of goroutines.
var goleakEnd = regexp.MustCompile(`(?m)^([ \t]*)\](\r?)$`)

// fromGoleak gives back the runtime's goroutine headers that goleak's
// failure message replaced with its own, so that the traceback reader sees
// the runtime's format. The line count does not change, so that errors
// name the right line.
func fromGoleak(data []byte) []byte {
	if !goleakHeader.Match(data) {
		return data
	}
	data = goleakHeader.ReplaceAll(data, []byte("${1}goroutine $2 [$3]:$4"))
	return goleakEnd.ReplaceAll(data, []byte("$1$2"))
}

// endsIndented reports whether err is panicparse's complaint about a line
// that lacks the indentation of an indented dump (a test's log) after
// a complete goroutine: that line is output after the dump, not a broken
// dump.
func endsIndented(snap *stack.Snapshot, err error) bool {
	if snap == nil || len(snap.Goroutines) == 0 || !strings.HasPrefix(err.Error(), "inconsistent indentation") {
		return false
	}
	calls := snap.Goroutines[len(snap.Goroutines)-1].Stack.Calls
	return len(calls) > 0 && calls[len(calls)-1].RemoteSrcPath != ""
}

func fromPanicparse(g *stack.Goroutine) *Goroutine {
	out := &Goroutine{ID: g.ID, State: g.State, Minutes: g.SleepMax, Elided: g.Stack.Elided, Count: 1}
	if s, ok := strings.CutSuffix(out.State, " (leaked)"); ok {
		out.State, out.Leaked = s, true
	}
	for _, c := range g.Stack.Calls {
		out.Frames = append(out.Frames, frameOf(c))
	}
	if len(g.CreatedBy.Calls) > 0 {
		c := g.CreatedBy.Calls[0]
		f := frameOf(c)
		if fn, id, ok := strings.Cut(f.Func, " in goroutine "); ok {
			f.Func = fn
			out.CreatorID, _ = strconv.Atoi(id)
		}
		f.Pkg = PkgOf(f.Func)
		out.CreatedBy = &f
	}
	return out
}

func frameOf(c stack.Call) Frame {
	return Frame{Func: c.Func.Complete, Pkg: PkgOf(c.Func.Complete), File: c.RemoteSrcPath, Line: c.Line}
}

// quoted finds the Go-quoted strings in a panicparse error message; the
// first is the offending line.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// textError turns a panicparse error into one that names the line.
func textError(name string, data []byte, err error) error {
	msg := err.Error()
	qs := quoted.FindAllString(msg, -1)
	if len(qs) == 0 {
		return &LineError{Name: name, Msg: "cannot read the goroutine dump: " + msg}
	}
	text, uerr := strconv.Unquote(qs[0])
	if uerr != nil {
		return &LineError{Name: name, Msg: "cannot read the goroutine dump: " + msg}
	}
	what, _, _ := strings.Cut(msg, qs[0])
	what = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(what), ":"), " on line")
	n := lineOf(data, text)
	return &LineError{Name: name, Line: n, Text: strings.TrimSpace(text), Msg: "cannot read the goroutine dump: " + what}
}

// lineOf returns the number of the first line of data whose trimmed text is
// text, or 0.
func lineOf(data []byte, text string) int {
	text = strings.TrimSpace(text)
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == text {
			return i + 1
		}
	}
	return 0
}

// truncated reports a dump that ends inside a goroutine's stack: the last
// goroutine has no frames, or its last frame has no file line.
func truncated(name string, data []byte, last *Goroutine) error {
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	lastLine := ""
	if lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n"); len(lines) > 0 {
		lastLine = strings.TrimSpace(lines[len(lines)-1])
	}
	if len(last.Frames) == 0 {
		return &LineError{Name: name, Line: n, Text: lastLine, Msg: fmt.Sprintf("the dump is truncated: goroutine %d has no frames", last.ID)}
	}
	if f := last.Frames[len(last.Frames)-1]; f.File == "" && f.Line == 0 {
		return &LineError{Name: name, Line: n, Text: lastLine, Msg: fmt.Sprintf("the dump is truncated: goroutine %d's frame %s has no file line", last.ID, f.Func)}
	}
	return nil
}

// noDump explains why data held no goroutine dump.
func noDump(name string, data []byte) error {
	first := ""
	for l := range strings.SplitSeq(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			first = strings.TrimSpace(l)
			break
		}
	}
	switch {
	case first == "":
		return &LineError{Name: name, Msg: "empty input: no goroutine dump"}
	case strings.HasPrefix(first, "goroutine profile: total"):
		return &LineError{Name: name, Line: lineOf(data, first), Text: first,
			Msg: "a debug=1 goroutine profile has no wait reasons or goroutine stacks to read; save the profile with debug=2 or in the protobuf form (debug=0)"}
	}
	return &LineError{Name: name, Line: lineOf(data, first), Text: first,
		Msg: `no goroutine dump found (expected "goroutine N [state]:" lines or a goroutine profile)`}
}
