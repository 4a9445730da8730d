package main

import "time"

func tick() {}

func run() {
	go func() {
		for { // ok: run is only called once, from main
			time.Sleep(time.Second)
			tick()
		}
	}()
}

func main() {
	go func() {
		for { // ok: started from main
			time.Sleep(time.Second)
			tick()
		}
	}()
	run()
	select {}
}
