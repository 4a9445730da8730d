package timersnew

import "time"

func Poll() bool {
	t := time.NewTicker(time.Second) // ok: since Go 1.23 an unreferenced ticker is collected
	<-t.C
	return true
}

func Every(d time.Duration) {
	for range time.Tick(d) { // ok: since Go 1.23 time.Tick's ticker is collected
		return
	}
}
