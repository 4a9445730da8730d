package knowledge

// Timer describes a function of package time that makes a timer.
type Timer struct {
	// Type is the type of the timer it returns, whose Stop releases it
	// ("Timer", "Ticker"), or "" when it returns only the channel.
	Type string
	// Chan says it returns the timer's channel (time.After, time.Tick).
	Chan bool
	// Unstoppable says its timer can never be stopped (time.Tick).
	Unstoppable bool
}

// timers lists the functions that make timers, by FullName.
var timers = map[string]Timer{
	"time.NewTimer":  {Type: "Timer"},
	"time.NewTicker": {Type: "Ticker"},
	"time.After":     {Chan: true},
	"time.Tick":      {Chan: true, Unstoppable: true},
}

// LookupTimer returns the entry of the function with the given FullName,
// if it makes a timer.
func LookupTimer(fullName string) (Timer, bool) {
	t, ok := timers[fullName]
	return t, ok
}

// timerTypes are the types whose field C is a timer's channel, as
// types.TypeString spells them.
var timerTypes = map[string]bool{
	"time.Timer":  true,
	"time.Ticker": true,
}

// IsTimerType reports whether the type spelled typeString (without a
// pointer) is a timer whose field C is its channel.
func IsTimerType(typeString string) bool { return timerTypes[typeString] }

// timerStops lists the methods that stop a timer and report whether they
// stopped it before it fired (false: its value is already in the channel).
var timerStops = map[string]bool{
	"(*time.Timer).Stop": true,
}

// StopsTimer reports whether the function with the given FullName stops a
// timer and reports whether it fired first.
func StopsTimer(fullName string) bool { return timerStops[fullName] }
