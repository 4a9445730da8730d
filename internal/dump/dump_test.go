package dump

import (
	"strings"
	"testing"
)

// A panic's traceback inside test output, as go test prints it: the dump is
// read past the log lines around it.
const panicDump = `=== RUN   TestHub
some log line
panic: test timed out after 1s
	running tests:
		TestHub (1s)

goroutine 7 [chan send, 3 minutes]:
example.com/shapes/cycle.(*Hub).Publish(0x0?, {0x51d008, 0x1})
	/src/shapes/cycle/cycle.go:29 +0x7f
created by main.start in goroutine 1
	/src/shapes/cmd/shapes/main.go:69 +0x8c

goroutine 8 [chan send, 5 minutes]:
example.com/shapes/cycle.(*Hub).Publish(0x0?, {0x51d008, 0x1})
	/src/shapes/cycle/cycle.go:29 +0x7f
created by main.start in goroutine 1
	/src/shapes/cmd/shapes/main.go:70 +0x8c

goroutine 6 [sync.Mutex.Lock]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x20?, 0x1250fb866070?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
example.com/shapes/cycle.(*Hub).loop(0x1250fb80c1b0)
	/src/shapes/cycle/cycle.go:35 +0x8d
created by example.com/shapes/cycle.NewHub in goroutine 1
	/src/shapes/cycle/cycle.go:21 +0x98
FAIL	example.com/shapes	1.2s
`

func TestTextGroups(t *testing.T) {
	d, err := Parse("t.txt", []byte(panicDump))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Goroutines) != 3 {
		t.Fatalf("got %d goroutines, want 3", len(d.Goroutines))
	}
	gs := Groups(d)
	if len(gs) != 2 {
		t.Fatalf("got %d groups, want 2", len(gs))
	}
	g := gs[0]
	if g.Count != 2 || g.State != "chan send" || g.MaxMinutes != 5 || len(g.CreatedBy) != 2 || g.CreatedBy[0].Line != 69 {
		t.Errorf("first group: count %d state %q minutes %d created by %v", g.Count, g.State, g.MaxMinutes, g.CreatedBy)
	}
	if f := g.Frames[0]; f.Func != "example.com/shapes/cycle.(*Hub).Publish" || f.Pkg != "example.com/shapes/cycle" || f.File != "/src/shapes/cycle/cycle.go" || f.Line != 29 {
		t.Errorf("frame: %+v", f)
	}
	if g.Members[0].CreatorID != 1 || g.CreatedBy[0].Func != "main.start" {
		t.Errorf("creator: %d %q", g.Members[0].CreatorID, g.CreatedBy[0].Func)
	}
	if WaitOf(gs[1].State) != WaitLock || !gs[1].Blocked() {
		t.Errorf("second group's wait: %v", WaitOf(gs[1].State))
	}
}

// goleak's failure message, indented as go test prints a test's log.
const goleakMsg = `--- FAIL: TestFetch (0.44s)
    leaks.go:78: found unexpected goroutines:
        [Goroutine 19 in state chan send, with example.com/shapes/sender.Fetch.func1 on top of the stack:
        example.com/shapes/sender.Fetch.func1()
        	/src/shapes/sender/sender.go:16 +0x3d
        created by example.com/shapes/sender.Fetch in goroutine 1
        	/src/shapes/sender/sender.go:15 +0x66
         Goroutine 5 in state chan send, with example.com/shapes/sender.Fetch.func1 on top of the stack:
        example.com/shapes/sender.Fetch.func1()
        	/src/shapes/sender/sender.go:16 +0x3d
        created by example.com/shapes/sender.Fetch in goroutine 1
        	/src/shapes/sender/sender.go:15 +0x66
        ]
FAIL
`

func TestGoleak(t *testing.T) {
	d, err := Parse("goleak.txt", []byte(goleakMsg))
	if err != nil {
		t.Fatal(err)
	}
	gs := Groups(d)
	if len(gs) != 1 || gs[0].Count != 2 || gs[0].State != "chan send" || gs[0].Frames[0].Line != 16 {
		t.Fatalf("groups: %+v", gs)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "x: empty input: no goroutine dump"},
		{"nodump", "hello\nworld\n", `x:1: no goroutine dump found (expected "goroutine N [state]:" lines or a goroutine profile): "hello"`},
		{"debug1", "goroutine profile: total 4\n1 @ 0x43\n", `x:1: a debug=1 goroutine profile has no wait reasons`},
		{"truncated", "goroutine 7 [chan send]:\nexample.com/m.f(0x1)\n", `x:2: the dump is truncated: goroutine 7's frame example.com/m.f has no file line: "example.com/m.f(0x1)"`},
		{"header only", "log\ngoroutine 7 [chan send]:\n", `x:2: the dump is truncated: goroutine 7 has no frames`},
		{"garbled", "goroutine 7 [chan send]:\nexample.com/m.f(0x1)\nnot a file line\n", `x:3: cannot read the goroutine dump: expected a file after a function, got: "not a file line"`},
		{"profile", "\x1f\x8b\x08garbage", `x: cannot read the profile`},
	} {
		_, err := Parse("x", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want prefix %s", tc.name, err, tc.want)
		}
	}
}
