package knowledge

// Obligation is what a caller owes the value a standard-library function
// returns: a method to call when done with it, without which a goroutine
// the function started waits forever on a context only that method
// cancels.
type Obligation struct {
	// Result is the index of the result that carries the obligation.
	Result int
	// Release lists the methods of the result any one of which
	// discharges it.
	Release []string
	// CtxArg is the argument (counting from the first after the
	// receiver) the goroutine's context derives from, or -1 when it
	// derives from context.Background: the obligation is owed only when
	// that context is never cancelled.
	CtxArg int
	// Why says what waits, for messages.
	Why string
}

// obligations lists standard functions by FullName.
var obligations = map[string]Obligation{
	// BeginTx starts tx.awaitDone, which waits on a context that
	// Commit and Rollback cancel (database/sql/sql.go).
	"(*database/sql.DB).Begin":     {Result: 0, Release: []string{"Commit", "Rollback"}, CtxArg: -1, Why: "the transaction's goroutine waits until it is committed or rolled back"},
	"(*database/sql.DB).BeginTx":   {Result: 0, Release: []string{"Commit", "Rollback"}, CtxArg: 0, Why: "the transaction's goroutine waits until it is committed or rolled back"},
	"(*database/sql.Conn).BeginTx": {Result: 0, Release: []string{"Commit", "Rollback"}, CtxArg: 0, Why: "the transaction's goroutine waits until it is committed or rolled back"},
}

// LookupObligation returns the obligation of the function with the given
// FullName.
func LookupObligation(fullName string) (Obligation, bool) {
	o, ok := obligations[fullName]
	return o, ok
}
