package explain_test

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/dump"
	"github.com/concurlint/concurlint/internal/explain"
)

// The test programs live in their own module, testdata/shapes: cmd/shapes
// leaks or deadlocks goroutines in one of the shapes the leak and
// lockawait passes know, then captures its goroutines in one of the forms
// the runtime and its tools produce. The tests build it once (twice when
// the toolchain has the goroutineleakprofile experiment), run every shape
// in every form, and check that explain names the blocked operation, the
// answerers and the reason.

var (
	shapesDir, _ = filepath.Abs(filepath.Join("testdata", "shapes"))

	buildOnce sync.Once
	bins      struct {
		plain, leak, test string // leak and test are "" when they could not be built
		err               error
	}

	loadOnce sync.Once
	analysis *explain.Analysis
	loadErr  error
)

// build builds the test programs: the shapes command, the same with the
// goroutine leak profile, and the test binary of package cycle (whose
// TestHang waits for go test's -timeout, and TestLeakCheck fails goleak).
func build(t *testing.T) {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "explain-shapes")
		if err != nil {
			bins.err = err
			return
		}
		run := func(env []string, args ...string) error {
			cmd := exec.Command("go", args...)
			cmd.Dir = shapesDir
			cmd.Env = append(os.Environ(), env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			return nil
		}
		// The three builds share nothing but the cache: run them
		// side by side.
		bins.plain = filepath.Join(dir, "shapes")
		bins.test = filepath.Join(dir, "cycle.test")
		leak := filepath.Join(dir, "shapes-leak")
		var errPlain, errTest, errLeak error
		var wg sync.WaitGroup
		wg.Go(func() { errPlain = run(nil, "build", "-o", bins.plain, "./cmd/shapes") })
		wg.Go(func() { errTest = run(nil, "test", "-c", "-o", bins.test, "./cycle") })
		wg.Go(func() {
			errLeak = run([]string{"GOEXPERIMENT=goroutineleakprofile"}, "build", "-o", leak, "./cmd/shapes")
		})
		wg.Wait()
		if bins.err = cmp.Or(errPlain, errTest); bins.err != nil {
			return
		}
		if errLeak == nil {
			bins.leak = leak
		}
	})
	if bins.err != nil {
		t.Fatal(bins.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bins.plain != "" {
		os.RemoveAll(filepath.Dir(bins.plain))
	}
	os.Exit(code)
}

// load analyses the shapes module once.
func load(t *testing.T) *explain.Analysis {
	t.Helper()
	loadOnce.Do(loadShapes)
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return analysis
}

// loadShapes loads the shapes' packages, not the command (whose imports
// cost loading time and hold nothing to explain).
func loadShapes() {
	// Without tests: the dump of go test -timeout has only its go
	// statement in a test file, and loading the testing package would
	// double the time this takes.
	analysis, loadErr = explain.Load(explain.Options{Dir: shapesDir, Suite: concurlint.Analyzers},
		[]string{"./sender", "./rangeearly", "./fieldchan", "./generic", "./wait", "./nilchan", "./pipe", "./slow", "./doublelock", "./cycle"})
}

// capture runs shape in mode and returns the dump it produced. It may run
// in a goroutine other than the test's, so it returns errors.
func capture(shape, mode string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	bin := bins.plain
	if mode == "leak" || mode == "leaktext" {
		bin = bins.leak
	}
	if mode == "timeout" || mode == "goleaktest" {
		// shape names the test of package cycle to run.
		var out bytes.Buffer
		// goleak retries for a while before it fails the test; only
		// TestHang relies on the timeout.
		timeout := "-test.timeout=1s"
		if mode == "goleaktest" {
			timeout = "-test.timeout=60s"
		}
		cmd := exec.CommandContext(ctx, bins.test, "-test.run=^"+shape+"$", timeout)
		cmd.Env = append(os.Environ(), "SHAPES_HANG=1")
		cmd.Stdout, cmd.Stderr = &out, &out
		cmd.Run() // fails, by design
		return out.Bytes(), nil
	}
	// A deadlock that depends on timing may not happen on a busy
	// machine; the program then exits with status 3, and is run again.
	for try := 0; ; try++ {
		out, err := captureOnce(ctx, bin, shape, mode)
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 && try < 5 {
			continue
		}
		return out, err
	}
}

func captureOnce(ctx context.Context, bin, shape, mode string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, shape, mode)
	cmd.Stderr = &stderr
	if mode == "sigquit" {
		// The program prints "ready" once its goroutines are blocked,
		// and the test sends SIGQUIT, as one does to a hung server.
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		line, _ := bufio.NewReader(out).ReadString('\n')
		if line != "ready\n" {
			err := cmd.Wait()
			return nil, cmp.Or(err, fmt.Errorf("%s %s: got %q, want ready\n%s", shape, mode, line, stderr.Bytes()))
		}
		cmd.Process.Signal(syscall.SIGQUIT)
		cmd.Wait() // exits with status 2
		return stderr.Bytes(), nil
	}
	cmd.Stdout = &stdout
	err := cmd.Run()
	if mode == "panic" {
		return stderr.Bytes(), nil // exits with status 2
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s", shape, mode, err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// mustCapture is capture for the test's goroutine.
func mustCapture(t *testing.T, shape, mode string) []byte {
	t.Helper()
	out, err := capture(shape, mode)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// want is what explain must say about one blocked group.
type want struct {
	site    string // module-relative file:line of the blocked operation
	op      string
	count   int    // goroutines in the group, 0 to skip the check
	verdict string // the account's verdict
	// answerer is "op at pos: status" of one answerer, "" for none.
	answerer string
	// holder is "lock locked at pos", "" when no holder is expected.
	holder string
	// reasons are regexps each of which one of the reasons must match.
	reasons []string
	rule    string // a static finding the group must confirm, if any
	// chain is the chain of calls outside the module to the wait.
	chain string
}

var shapes = []struct {
	name string
	// live says the shape's goroutines can still be woken: the leak
	// detector does not report them.
	live   bool
	groups []want
}{
	{"sender", false, []want{{
		site: "sender/sender.go:16", op: "send on ch", count: 3, verdict: "stuck",
		answerer: "receive from ch (a case of select on ch, time.After(d)) at sender/sender.go:18: gone",
		reasons:  []string{`is in Fetch, which no goroutine of the dump is running: it has returned`},
		rule:     "leak/forgotten-sender",
	}}},
	{"range", false, []want{{
		site: "rangeearly/rangeearly.go:11", op: "send on out", count: 2, verdict: "stuck",
		answerer: "range over ch at rangeearly/rangeearly.go:20: gone",
		reasons:  []string{`range over ch .* is in Check, which no goroutine of the dump is running`},
		rule:     "leak/forgotten-sender",
	}}},
	{"field", false, []want{{
		site: "fieldchan/fieldchan.go:20", op: "receive from c.frames", count: 2, verdict: "none",
		reasons: []string{`^nothing in the analysed packages sends on or closes c\.frames$`},
		rule:    "leak/no-answerer",
	}}},
	{"generic", false, []want{{
		// The send is in put, inlined into an instance of a generic
		// closure; the finding is reported at the call of put.
		site: "generic/generic.go:18", op: "send on ch", count: 2, verdict: "stuck",
		answerer: "receive from ch at generic/generic.go:14: gone",
		reasons:  []string{`receive from ch .* is in First, which no goroutine of the dump is running`},
		rule:     "leak/forgotten-sender",
	}}},
	{"wait", false, []want{{
		// The finding is reported at the return that skips Done,
		// with the Wait as related position.
		site: "wait/wait.go:24", op: "wg.Wait", count: 1, verdict: "stuck",
		chain:    "sync.(*WaitGroup).Wait → sync.runtime_SemacquireWaitGroup",
		answerer: "wg.Done at wait/wait.go:21: gone",
		reasons:  []string{`^wg\.Done \(wait/wait.go:21\) is in func literal in Process, which no goroutine of the dump is running`},
		rule:     "leak/waitgroup-done-skipped",
	}}},
	{"nilchan", false, []want{{
		// Text dumps say the channel is nil; profiles, which have
		// no wait reason, say only that nothing answers.
		site: "nilchan/nilchan.go:11", op: "range over s.reqs", count: 1, verdict: "none",
		reasons: []string{`^(the channel is nil \(or the select has no cases\): such a wait never ends|nothing in the analysed packages sends on or closes s\.reqs$)`},
	}}},
	{"pipe", true, []want{{
		// The wait is in the standard library, attributed to the call
		// in the module.
		site: "pipe/pipe.go:20", op: "call to bufio.(*Reader).ReadString", count: 1, verdict: "unknown",
		chain:   "bufio.(*Reader).ReadString → bufio.(*Reader).collectFragments → bufio.(*Reader).ReadSlice → bufio.(*Reader).fill → io.(*PipeReader).Read → io.(*pipe).read",
		reasons: []string{`^the wait is inside .*io\.\(\*pipe\)\.read, called at pipe/pipe.go:20`},
	}}},
	{"slow", true, []want{{
		// The sender is still sleeping: it may answer.
		site: "slow/slow.go:15", op: "receive from ch", count: 1, verdict: "pending",
		answerer: "send on ch at slow/slow.go:12: running",
		reasons:  []string{`^send on ch \(slow/slow.go:12\) is in func literal in Start, which .*\[sleep\] at slow/slow.go:11 is running: it may still answer$`},
	}}},
	{"double", false, []want{
		{
			site: "doublelock/doublelock.go:18", op: "s.mu.Lock", count: 1, verdict: "cycle", chain: "sync.(*Mutex).Lock",
			answerer: "s.mu.Unlock at doublelock/doublelock.go:26: blocked",
			holder:   "s.mu locked at doublelock/doublelock.go:25 (self)",
			reasons:  []string{`the waiting goroutine already holds s\.mu: \(\*Store\)\.Incr locked it at doublelock/doublelock.go:25`},
			rule:     "lockawait/double-lock",
		},
		{
			site: "doublelock/doublelock.go:18", op: "s.mu.Lock", count: 1, verdict: "stuck", chain: "sync.(*Mutex).Lock",
			holder:  "s.mu locked at doublelock/doublelock.go:25",
			reasons: []string{`s\.mu is held by .*, locked at doublelock/doublelock.go:25 in \(\*Store\)\.Incr; that goroutine is blocked at doublelock/doublelock.go:18`},
		},
	}},
	{"cycle", false, []want{
		{
			site: "cycle/cycle.go:35", op: "h.mu.Lock", count: 1, verdict: "cycle", chain: "sync.(*Mutex).Lock",
			holder:  "h.mu locked at cycle/cycle.go:27",
			reasons: []string{`h\.mu is held by .*locked at cycle/cycle.go:27 in \(\*Hub\)\.Publish; that goroutine is blocked at cycle/cycle.go:29 \(send on h\.events\)`},
		},
		{
			site: "cycle/cycle.go:29", op: "send on h.events", count: 1, verdict: "cycle",
			answerer: "range over h.events at cycle/cycle.go:33: blocked",
			reasons: []string{
				`^range over h\.events \(cycle/cycle.go:33\) needs h\.mu, which the waiting goroutine itself holds \(locked at cycle/cycle.go:27 in \(\*Hub\)\.Publish\)$`,
				`^a cycle: group \d \(send on h\.events at cycle/cycle.go:29\) waits for group \d \(h\.mu\.Lock at cycle/cycle.go:35\) waits for group \d`,
			},
			rule: "lockawait/send-under-lock",
		},
	}},
}

// shapeOf returns a shape's entry in shapes.
func shapeOf(shape string) struct {
	name   string
	live   bool
	groups []want
} {
	for _, sh := range shapes {
		if sh.name == shape {
			return sh
		}
	}
	panic("no shape " + shape)
}

// modes are the ways the tests capture goroutines: the runtime's text on
// SIGQUIT and on a panic, the goroutine profile's debug=2 page and
// protobuf form, goleak's failure message, and the goroutineleak profile
// in its protobuf and text forms.
var modes = []string{"sigquit", "panic", "debug2", "proto", "goleak", "leak", "leaktext"}

func TestShapes(t *testing.T) {
	// Loading the packages and building the programs are independent.
	var wg0 sync.WaitGroup
	wg0.Go(func() { loadOnce.Do(loadShapes) })
	build(t)
	wg0.Wait()
	a := load(t)
	type job struct{ shape, mode string }
	var jobs []job
	for _, sh := range shapes {
		for _, mode := range modes {
			if (mode == "leak" || mode == "leaktext") && bins.leak == "" {
				t.Logf("the toolchain has no goroutineleakprofile experiment: leak profiles not tested")
				continue
			}
			if mode == "leak" && sh.live {
				continue // the profile holds leaked goroutines only
			}
			jobs = append(jobs, job{sh.name, mode})
		}
	}
	// The programs mostly wait; run them side by side.
	dumps := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			dumps[i], errs[i] = capture(j.shape, j.mode)
		})
	}
	wg.Wait()
	for i, j := range jobs {
		t.Run(j.shape+"/"+j.mode, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			ds, err := explain.Parse([]explain.Input{{Name: j.mode, Data: dumps[i]}})
			if err != nil {
				t.Fatalf("%v\n%s", err, dumps[i])
			}
			rep := a.Explain(ds)
			for _, w := range shapeOf(j.shape).groups {
				check(t, rep, w, j.mode, shapeOf(j.shape).live)
			}
			if t.Failed() {
				var buf bytes.Buffer
				explain.WriteText(&buf, rep)
				t.Logf("report:\n%s", buf.String())
			}
		})
	}
}

// check finds the group w describes and checks what explain says of it.
func check(t *testing.T, rep *explain.Report, w want, mode string, live bool) {
	t.Helper()
	var cands []*explain.Group
	for _, g := range rep.Groups {
		if g.Site != nil && fmt.Sprintf("%s:%d", g.Site.File, g.Site.Line) == w.site && g.Op == w.op && g.Account != nil && g.Account.Verdict == w.verdict {
			cands = append(cands, g)
		}
	}
	if len(cands) == 0 {
		t.Errorf("no group blocked at %s in %q with verdict %s", w.site, w.op, w.verdict)
		return
	}
	var errs []string
	for _, g := range cands {
		errs = errs[:0]
		if w.count > 0 && g.Count != w.count {
			errs = append(errs, fmt.Sprintf("%d goroutines, want %d", g.Count, w.count))
		}
		if leaked := (mode == "leak" || mode == "leaktext") && !live; leaked && g.Leaked != g.Count || !leaked && g.Leaked != 0 {
			errs = append(errs, fmt.Sprintf("%d of %d marked leaked", g.Leaked, g.Count))
		}
		if chain := strings.Join(g.Chain, " → "); chain != w.chain {
			errs = append(errs, fmt.Sprintf("chain %q, want %q", chain, w.chain))
		}
		if w.answerer != "" && !slices.ContainsFunc(g.Account.Answerers, func(a explain.Answerer) bool {
			return fmt.Sprintf("%s at %s: %s", a.Op, a.Pos, a.Status) == w.answerer
		}) {
			errs = append(errs, fmt.Sprintf("answerers %+v lack %q", g.Account.Answerers, w.answerer))
		}
		if w.answerer == "" && w.verdict == "none" && len(g.Account.Answerers) > 0 {
			errs = append(errs, fmt.Sprintf("answerers %+v, want none", g.Account.Answerers))
		}
		if w.holder != "" && !slices.ContainsFunc(g.Account.Holders, func(h explain.Holder) bool {
			s := fmt.Sprintf("%s locked at %s", h.Lock, h.LockedAt)
			if h.Self {
				s += " (self)"
			}
			return s == w.holder
		}) {
			errs = append(errs, fmt.Sprintf("holders %+v lack %q", g.Account.Holders, w.holder))
		}
		for _, r := range w.reasons {
			re := regexp.MustCompile(r)
			if !slices.ContainsFunc(g.Account.Reasons, re.MatchString) {
				errs = append(errs, fmt.Sprintf("no reason matches %q in %q", r, g.Account.Reasons))
			}
		}
		if w.rule != "" && !slices.ContainsFunc(g.Findings, func(i int) bool { return rep.Findings[i].Rule == w.rule }) {
			errs = append(errs, fmt.Sprintf("does not confirm a %s finding", w.rule))
		}
		if len(errs) == 0 {
			return
		}
	}
	t.Errorf("group at %s (%s): %s", w.site, w.op, strings.Join(errs, "; "))
}

// TestFailingTests explains the output of failing tests of the deadlocked
// hub: a dump of go test's -timeout, and goleak's failure message as
// go test prints it (indented, in the test's log).
func TestFailingTests(t *testing.T) {
	build(t)
	for _, tc := range []struct{ mode, test, want string }{
		{"timeout", "TestHang", "panic: test timed out after 1s"},
		{"goleaktest", "TestLeakCheck", "found unexpected goroutines:"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			out := mustCapture(t, tc.test, tc.mode)
			if !bytes.Contains(out, []byte(tc.want)) {
				t.Fatalf("no %q in:\n%s", tc.want, out)
			}
			ds, err := explain.Parse([]explain.Input{{Name: tc.mode + ".out", Data: out}})
			if err != nil {
				t.Fatal(err)
			}
			rep := load(t).Explain(ds)
			for _, w := range shapeOf("cycle").groups {
				check(t, rep, w, tc.mode, false)
			}
			for _, g := range rep.Groups {
				if g.Op == "send on h.events" && (len(g.CreatedBy) == 0 || g.CreatedBy[0].File != "cycle/cycle_test.go") {
					t.Errorf("the publisher should be started by the test, at cycle/cycle_test.go: %+v", g.CreatedBy)
				}
			}
		})
	}
}

// TestOtherBuild moves the frames of a dump: to another checkout of the
// module (found here by package path and by path tail), to -trimpath form,
// and to files that do not exist here (reported, not dropped).
func TestOtherBuild(t *testing.T) {
	build(t)
	text := string(mustCapture(t, "cycle", "panic"))
	moved := strings.ReplaceAll(text, shapesDir+"/", "/home/ci/build/shapes/")
	trim := strings.ReplaceAll(text, shapesDir+"/", "example.com/shapes/")
	gone := strings.ReplaceAll(text, shapesDir+"/cycle/cycle.go", "/home/ci/build/shapes/cycle/hub.go")
	for _, tc := range []struct{ name, text string }{{"moved", moved}, {"trimpath", trim}} {
		ds, err := explain.Parse([]explain.Input{{Name: tc.name, Data: []byte(tc.text)}})
		if err != nil {
			t.Fatal(err)
		}
		rep := load(t).Explain(ds)
		for _, w := range shapeOf("cycle").groups {
			check(t, rep, w, tc.name, false)
		}
		for _, g := range rep.Groups {
			if g.Site.DumpFile == "" {
				t.Errorf("%s: the site %s does not record the dump's path", tc.name, g.Site.File)
			}
		}
	}
	ds, err := explain.Parse([]explain.Input{{Name: "gone", Data: []byte(gone)}})
	if err != nil {
		t.Fatal(err)
	}
	rep := load(t).Explain(ds)
	missing := 0
	for _, g := range rep.Groups {
		if g.Site.Missing {
			missing++
			if !strings.Contains(g.NotFound, "the dump comes from another build") || g.Account != nil {
				t.Errorf("missing frame: NotFound %q, account %+v", g.NotFound, g.Account)
			}
		}
	}
	if missing != 2 {
		var buf bytes.Buffer
		explain.WriteText(&buf, rep)
		t.Errorf("%d groups with a missing site, want 2:\n%s", missing, buf.String())
	}
}

// TestBrokenDumps checks that a dump cut in the middle of a goroutine, or
// with a garbled line, is an error that names the line.
func TestBrokenDumps(t *testing.T) {
	build(t)
	text := string(mustCapture(t, "sender", "panic"))
	lines := strings.Split(text, "\n")
	// Cut after the first function line of the last goroutine.
	cut := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "example.com/shapes/sender.Fetch.func1(") {
			cut = i
		}
	}
	if cut < 0 {
		t.Fatalf("no sender frame in:\n%s", text)
	}
	truncated := strings.Join(lines[:cut+1], "\n") + "\n"
	_, err := explain.Parse([]explain.Input{{Name: "cut.txt", Data: []byte(truncated)}})
	want := fmt.Sprintf("cut.txt:%d: the dump is truncated", cut+1)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("truncated dump: got %v, want %s...", err, want)
	}
	garbled := slices.Clone(lines)
	garbled[cut+1] = "\t<<garbled>>"
	_, err = explain.Parse([]explain.Input{{Name: "bad.txt", Data: []byte(strings.Join(garbled, "\n"))}})
	want = fmt.Sprintf(`bad.txt:%d: cannot read the goroutine dump: expected a file after a function, got: "<<garbled>>"`, cut+2)
	if err == nil || err.Error() != want {
		t.Errorf("garbled dump: got %v, want %s", err, want)
	}
}

// TestFormats prints one report in each output format.
func TestFormats(t *testing.T) {
	build(t)
	ds, err := explain.Parse([]explain.Input{{Name: "cycle.pb", Data: mustCapture(t, "cycle", "proto")}})
	if err != nil {
		t.Fatal(err)
	}
	rep := load(t).Explain(ds)
	var buf bytes.Buffer
	explain.WriteText(&buf, rep)
	text := buf.String()
	for _, s := range []string{
		"blocked at cycle/cycle.go:29: send on h.events in (*Hub).Publish",
		"h.mu is held by group",
		"static finding confirmed: h.mu is held across send on h.events",
		"[lockawait/send-under-lock] [confirmed: group",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("text output lacks %q:\n%s", s, text)
		}
	}

	buf.Reset()
	if err := explain.WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var back explain.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Groups) != 2 || back.Dumps[0].Format != "goroutine profile" || back.Groups[0].Account == nil {
		t.Errorf("json: %d groups, dumps %+v", len(back.Groups), back.Dumps)
	}

	buf.Reset()
	if err := explain.WriteSARIF(&buf, rep, "test"); err != nil {
		t.Fatal(err)
	}
	type loc struct {
		PhysicalLocation struct {
			ArtifactLocation struct{ URI string }
			Region           struct{ StartLine int }
		}
		Message struct{ Text string }
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Locations []loc
				CodeFlows []struct {
					ThreadFlows []struct {
						Locations []struct{ Location loc }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	if len(rs) != 2 {
		t.Fatalf("sarif: %d results, want 2", len(rs))
	}
	for _, r := range rs {
		at := r.Locations[0].PhysicalLocation
		flow := r.CodeFlows[0].ThreadFlows[0].Locations
		// The flow runs from the outermost frame to the innermost,
		// runtime frames included; the result's location, the
		// innermost frame in the module, is one of its steps.
		found := slices.ContainsFunc(flow, func(l struct{ Location loc }) bool {
			p := l.Location.PhysicalLocation
			return p.ArtifactLocation.URI == at.ArtifactLocation.URI && p.Region.StartLine == at.Region.StartLine
		})
		if !strings.HasPrefix(r.RuleID, "explain/") || !found || flow[len(flow)-1].Location.Message.Text != "runtime.gopark" {
			t.Errorf("sarif result %s at %s:%d: flow %+v", r.RuleID, at.ArtifactLocation.URI, at.Region.StartLine, flow)
		}
	}
}

// TestCommand runs the command's paths that need no analysis: usage
// errors, and a dump on standard input that cannot be read.
func TestCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := explain.Main(nil, []string{"-format=xml", "x"}, nil, &stdout, &stderr); code != explain.ExitUsage {
		t.Errorf("-format=xml: exit %d, want %d", code, explain.ExitUsage)
	}
	if code := explain.Main(nil, nil, nil, &stdout, &stderr); code != explain.ExitUsage {
		t.Errorf("no files: exit %d, want %d", code, explain.ExitUsage)
	}
	stderr.Reset()
	in := strings.NewReader("log line\ngoroutine 9 [chan send]:\nexample.com/m.f()\n")
	if code := explain.Main(nil, []string{"-C", shapesDir, "-"}, in, &stdout, &stderr); code != explain.ExitError {
		t.Errorf("truncated dump: exit %d, want %d", code, explain.ExitError)
	}
	if want := "concurlint explain: <stdin>:3: the dump is truncated: goroutine 9's frame example.com/m.f has no file line"; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr %q, want prefix %q", stderr.String(), want)
	}
}

// TestWaitKinds keeps the wait reasons explain recognises in step with the
// runtime's names for them.
func TestWaitKinds(t *testing.T) {
	for reason, w := range map[string]dump.Wait{
		"chan send": dump.WaitSend, "chan receive": dump.WaitRecv, "select": dump.WaitSelect,
		"sync.Mutex.Lock": dump.WaitLock, "sync.WaitGroup.Wait": dump.WaitGroupWait, "sync.Cond.Wait": dump.WaitCond,
		"sleep": dump.WaitNone, "IO wait": dump.WaitNone,
	} {
		if got := dump.WaitOf(reason); got != w {
			t.Errorf("WaitOf(%q) = %v, want %v", reason, got, w)
		}
	}
}
