package report

import (
	"flag"
	"testing"
)

func TestNearest(t *testing.T) {
	for name, want := range map[string]string{
		"blokcing": "blocking", // two letters swapped
		"lockwait": "lockawait",
		"Leak":     "leak",
		"cpu":      "", // too far from every pass
		"this":     "",
	} {
		if got := nearest(name); got != want {
			t.Errorf("nearest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestGeneratedFlag(t *testing.T) {
	var fs flag.FlagSet
	RegisterFlags(&fs)
	f := fs.Lookup(GeneratedFlag)
	if f == nil || f.DefValue != "skip" {
		t.Fatalf("flag %v", f)
	}
	if err := fs.Set(GeneratedFlag, "report"); err != nil || f.Value.String() != "report" {
		t.Errorf("Set(report): %v, %s", err, f.Value)
	}
	if err := fs.Set(GeneratedFlag, "sometimes"); err == nil {
		t.Error("Set(sometimes) must fail")
	}
}
