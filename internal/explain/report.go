package explain

// Report is what explain found: the dump's goroutines grouped by blocked
// stack, an account of each group blocked in the module, and the static
// findings of the packages concerned, marked when the dump confirms them.
// It is what -json prints.
type Report struct {
	Module    string        `json:"module"`
	ModuleDir string        `json:"moduleDir"`
	Dumps     []DumpSummary `json:"dumps"`
	// Groups are the blocked groups with a frame in the module, in the
	// order printed; Others counts the goroutines left out (running,
	// sleeping, or blocked outside the module).
	Groups []*Group `json:"groups"`
	Others []Other  `json:"others,omitempty"`
	// Findings are the static findings of the packages analysed.
	Findings []*Finding `json:"findings"`
	// Errors are problems that did not stop the run: packages that
	// failed to load or analyse.
	Errors []string `json:"errors,omitempty"`
}

// DumpSummary describes one input.
type DumpSummary struct {
	Name       string `json:"name"`
	Format     string `json:"format"`
	Goroutines int    `json:"goroutines"`
}

// Other is a group not explained, summarised.
type Other struct {
	State string `json:"state"`
	Count int    `json:"count"`
	Top   string `json:"top"` // the innermost frame's function
	// Why says why it is not explained: "not blocked", "no frame in the
	// module".
	Why string `json:"why"`
}

// Group is one set of goroutines blocked on the same stack, explained.
type Group struct {
	ID         int    `json:"id"` // 1-based, for cross-references
	State      string `json:"state"`
	Wait       string `json:"wait"`
	Count      int    `json:"count"`
	Goroutines []int  `json:"goroutines,omitempty"`
	Leaked     int    `json:"leaked,omitempty"`
	MaxMinutes int    `json:"maxMinutes,omitempty"`
	// Stack is the dump's stack, innermost first; CreatedBy the go
	// statements that started the goroutines.
	Stack     []Frame `json:"stack"`
	CreatedBy []Frame `json:"createdBy,omitempty"`
	// Site is the innermost frame in the module, where the wait is
	// attributed; Chain the functions outside the module it called on
	// the way to the wait, outermost first.
	Site  *Frame   `json:"site,omitempty"`
	Chain []string `json:"chain,omitempty"`
	// Op is the blocked operation as the source spells it ("send on
	// ch", "s.mu.Lock"), Func the function it is in. NotFound says why
	// the operation could not be found in the source here.
	Op       string `json:"op,omitempty"`
	Func     string `json:"func,omitempty"`
	NotFound string `json:"notFound,omitempty"`
	// Account is who could answer the wait and why none does.
	Account *Account `json:"account,omitempty"`
	// Findings are indices into Report.Findings of the static findings
	// this group confirms.
	Findings []int `json:"findings,omitempty"`
}

// Frame is one frame of a dump, resolved to a file here.
type Frame struct {
	Func string `json:"func"`
	// File is the file here: relative to the module directory when it
	// is in the module, the dump's path otherwise.
	File string `json:"file"`
	Line int    `json:"line"`
	// DumpFile is the path the dump gave, when it differs from File
	// (a build elsewhere, or -trimpath).
	DumpFile string `json:"dumpFile,omitempty"`
	InModule bool   `json:"inModule,omitempty"`
	// Missing says the frame's package is the module's, but its file
	// does not exist here: the dump comes from another build.
	Missing bool `json:"missing,omitempty"`
	Inlined bool `json:"inlined,omitempty"`

	abs string // absolute path of File, for frames in the module
}

// Account explains who could answer a wait.
type Account struct {
	// Verdict is "none" (nothing can answer), "stuck" (every answerer is
	// gone or blocked), "cycle" (the goroutines wait on each other),
	// "pending" (an answerer is still running) or "unknown".
	Verdict string `json:"verdict"`
	// Answerers are the operations that could answer the wait.
	Answerers []Answerer `json:"answerers,omitempty"`
	// Reasons say, in words, why none answers.
	Reasons []string `json:"reasons"`
	// Holders are the goroutines of the dump that hold the lock waited
	// for.
	Holders []Holder `json:"holders,omitempty"`
	// Cycle lists the groups that wait on each other, this one first.
	Cycle []int `json:"cycle,omitempty"`
}

// Answerer is one operation that could answer a wait.
type Answerer struct {
	Op   string `json:"op"`   // "receive from ch", "close(c.frames)", "s.mu.Unlock"
	Pos  string `json:"pos"`  // file:line, relative to the module
	Func string `json:"func"` // the function it is in
	// Cancellable says the answerer itself waits on a cancellation too
	// (one case of a select with ctx.Done()).
	Cancellable bool `json:"cancellable,omitempty"`
	// Status says what the dump shows of it: "gone" (no goroutine is in
	// its function), "blocked" (a goroutine in its function is blocked
	// elsewhere: Group), "running" (a goroutine that is not blocked —
	// running, sleeping, in a system call — is in its function: Where).
	Status string `json:"status"`
	Group  int    `json:"group,omitempty"`
	Where  string `json:"where,omitempty"` // where that goroutine is blocked
}

// Holder is a goroutine group holding the lock a group waits for.
type Holder struct {
	Lock     string `json:"lock"`
	LockedAt string `json:"lockedAt"`
	Func     string `json:"func"`
	Group    int    `json:"group"`
	// Self says the holder is the waiting goroutine itself.
	Self bool `json:"self,omitempty"`
}

// Finding is a static finding of concurlint on the packages analysed.
type Finding struct {
	Rule    string `json:"rule"` // pass/category
	Pos     string `json:"pos"`
	Message string `json:"message"`
	Fix     string `json:"fix,omitempty"`
	// Confirmed lists the groups whose blocked operation is the one
	// the finding is about.
	Confirmed []int `json:"confirmed,omitempty"`

	file    string
	line    int
	related []lineRef
}

type lineRef struct {
	file string
	line int
}
