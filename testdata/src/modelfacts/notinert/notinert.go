// Package notinert looks pure but has a function that never returns, which
// its callers need to know.
package notinert

func Must(err error) {
	if err != nil {
		panic(err)
	}
}

func Fail(msg string) { panic(msg) } // want Fail:`noreturn`
