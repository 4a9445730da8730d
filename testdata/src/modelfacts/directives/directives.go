// Package directives holds //concurlint:ignore directives that name no
// pass of concurlint: the shared model reports them, once, whichever
// passes run. Directives naming a pass are that pass's to check.
package directives

//concurlint:ignore blokcing the handler is fine // want `concurlint:ignore directive names unknown pass "blokcing", so it suppresses nothing; did you mean blocking\?`
func Misspelt() {}

// A reason written without a pass.
//
//concurlint:ignore this is fine // want `names unknown pass "this", so it suppresses nothing; the passes are lockawait, blocking, cpuwork, leak`
func NoPass() {}

//concurlint:ignore // want `concurlint:ignore directive names no pass; write //concurlint:ignore PASS reason`
func Bare() {}

//concurlint:ignore lockawait,laek a list with one misspelt name // want `names unknown pass "laek"`
func OneOfTwo() {}

// ok: the passes named are concurlint's; each checks its own directives.
//
//concurlint:ignore lockawait,leak nothing to suppress here
func Known() {}

// ok: not a directive.
//
//concurlint:ignored leak
func NotADirective() {}
