// Package notes exercises the category notes of testutil.CheckCategories
// with the probe analyzer of its test, which reports every call of a
// function with the category named by the function's name.
package notes

func known_cat()  {}
func other_cat()  {}
func undeclared() {}

func F() {
	known_cat()  // [known-cat] // want `call of known_cat`
	other_cat()  // [known-cat] // want `call of other_cat`
	undeclared() // want `call of undeclared`
	known_cat()  // want `call of known_cat`
}

func G() { // [known-cat] // want `call of nothing`
}
