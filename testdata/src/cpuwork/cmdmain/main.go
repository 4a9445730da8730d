// Command cmdmain checks that main, which runs once, may do constant work
// in a loop, while other functions of package main may not.
package main

import (
	"os"
	"regexp"
)

func main() {
	for _, arg := range os.Args[1:] {
		if regexp.MustCompile(`^-`).MatchString(arg) { // ok: main runs once
			continue
		}
		count(arg)
	}
}

func count(arg string) (n int) {
	for _, part := range []string{arg, arg + arg} {
		n += len(regexp.MustCompile(`\w+`).FindAllString(part, -1)) // [constant-work-in-loop] // want `compiles a constant pattern on every iteration`
	}
	return n
}
