// Package large has functions with more branches than a fixed number of
// rounds of the lockset analysis would cover: each switch (or && || chain)
// in go/ssa adds a join block numbered before the blocks that reach it, so
// the analysis needs one more pass over the blocks for each of them.
package large

import "sync"

type S struct {
	mu sync.Mutex
	ch chan int
}

func (s *S) ManySwitches(x int) int {
	y := 0
	switch x {
	case 0:
		y++
	case 1000:
		y--
	}
	switch x {
	case 1:
		y++
	case 1001:
		y--
	}
	switch x {
	case 2:
		y++
	case 1002:
		y--
	}
	switch x {
	case 3:
		y++
	case 1003:
		y--
	}
	switch x {
	case 4:
		y++
	case 1004:
		y--
	}
	switch x {
	case 5:
		y++
	case 1005:
		y--
	}
	switch x {
	case 6:
		y++
	case 1006:
		y--
	}
	switch x {
	case 7:
		y++
	case 1007:
		y--
	}
	switch x {
	case 8:
		y++
	case 1008:
		y--
	}
	switch x {
	case 9:
		y++
	case 1009:
		y--
	}
	switch x {
	case 10:
		y++
	case 1010:
		y--
	}
	switch x {
	case 11:
		y++
	case 1011:
		y--
	}
	switch x {
	case 12:
		y++
	case 1012:
		y--
	}
	switch x {
	case 13:
		y++
	case 1013:
		y--
	}
	switch x {
	case 14:
		y++
	case 1014:
		y--
	}
	switch x {
	case 15:
		y++
	case 1015:
		y--
	}
	switch x {
	case 16:
		y++
	case 1016:
		y--
	}
	switch x {
	case 17:
		y++
	case 1017:
		y--
	}
	switch x {
	case 18:
		y++
	case 1018:
		y--
	}
	switch x {
	case 19:
		y++
	case 1019:
		y--
	}
	switch x {
	case 20:
		y++
	case 1020:
		y--
	}
	switch x {
	case 21:
		y++
	case 1021:
		y--
	}
	switch x {
	case 22:
		y++
	case 1022:
		y--
	}
	switch x {
	case 23:
		y++
	case 1023:
		y--
	}
	switch x {
	case 24:
		y++
	case 1024:
		y--
	}
	switch x {
	case 25:
		y++
	case 1025:
		y--
	}
	switch x {
	case 26:
		y++
	case 1026:
		y--
	}
	switch x {
	case 27:
		y++
	case 1027:
		y--
	}
	switch x {
	case 28:
		y++
	case 1028:
		y--
	}
	switch x {
	case 29:
		y++
	case 1029:
		y--
	}
	switch x {
	case 30:
		y++
	case 1030:
		y--
	}
	switch x {
	case 31:
		y++
	case 1031:
		y--
	}
	switch x {
	case 32:
		y++
	case 1032:
		y--
	}
	switch x {
	case 33:
		y++
	case 1033:
		y--
	}
	switch x {
	case 34:
		y++
	case 1034:
		y--
	}
	switch x {
	case 35:
		y++
	case 1035:
		y--
	}
	switch x {
	case 36:
		y++
	case 1036:
		y--
	}
	switch x {
	case 37:
		y++
	case 1037:
		y--
	}
	switch x {
	case 38:
		y++
	case 1038:
		y--
	}
	switch x {
	case 39:
		y++
	case 1039:
		y--
	}
	switch x {
	case 40:
		y++
	case 1040:
		y--
	}
	switch x {
	case 41:
		y++
	case 1041:
		y--
	}
	switch x {
	case 42:
		y++
	case 1042:
		y--
	}
	switch x {
	case 43:
		y++
	case 1043:
		y--
	}
	switch x {
	case 44:
		y++
	case 1044:
		y--
	}
	switch x {
	case 45:
		y++
	case 1045:
		y--
	}
	switch x {
	case 46:
		y++
	case 1046:
		y--
	}
	switch x {
	case 47:
		y++
	case 1047:
		y--
	}
	switch x {
	case 48:
		y++
	case 1048:
		y--
	}
	switch x {
	case 49:
		y++
	case 1049:
		y--
	}
	switch x {
	case 50:
		y++
	case 1050:
		y--
	}
	switch x {
	case 51:
		y++
	case 1051:
		y--
	}
	switch x {
	case 52:
		y++
	case 1052:
		y--
	}
	switch x {
	case 53:
		y++
	case 1053:
		y--
	}
	switch x {
	case 54:
		y++
	case 1054:
		y--
	}
	switch x {
	case 55:
		y++
	case 1055:
		y--
	}
	switch x {
	case 56:
		y++
	case 1056:
		y--
	}
	switch x {
	case 57:
		y++
	case 1057:
		y--
	}
	switch x {
	case 58:
		y++
	case 1058:
		y--
	}
	switch x {
	case 59:
		y++
	case 1059:
		y--
	}
	s.mu.Lock()
	s.ch <- y // want `s.mu is held across send on s.ch`
	s.mu.Unlock()
	return y
}

func (s *S) ManyConditions(a, b, c bool) int {
	y := 0
	if a && b || c {
		y += 0
	}
	if a && b || c {
		y += 1
	}
	if a && b || c {
		y += 2
	}
	if a && b || c {
		y += 3
	}
	if a && b || c {
		y += 4
	}
	if a && b || c {
		y += 5
	}
	if a && b || c {
		y += 6
	}
	if a && b || c {
		y += 7
	}
	if a && b || c {
		y += 8
	}
	if a && b || c {
		y += 9
	}
	if a && b || c {
		y += 10
	}
	if a && b || c {
		y += 11
	}
	if a && b || c {
		y += 12
	}
	if a && b || c {
		y += 13
	}
	if a && b || c {
		y += 14
	}
	if a && b || c {
		y += 15
	}
	if a && b || c {
		y += 16
	}
	if a && b || c {
		y += 17
	}
	if a && b || c {
		y += 18
	}
	if a && b || c {
		y += 19
	}
	if a && b || c {
		y += 20
	}
	if a && b || c {
		y += 21
	}
	if a && b || c {
		y += 22
	}
	if a && b || c {
		y += 23
	}
	if a && b || c {
		y += 24
	}
	if a && b || c {
		y += 25
	}
	if a && b || c {
		y += 26
	}
	if a && b || c {
		y += 27
	}
	if a && b || c {
		y += 28
	}
	if a && b || c {
		y += 29
	}
	if a && b || c {
		y += 30
	}
	if a && b || c {
		y += 31
	}
	if a && b || c {
		y += 32
	}
	if a && b || c {
		y += 33
	}
	if a && b || c {
		y += 34
	}
	if a && b || c {
		y += 35
	}
	if a && b || c {
		y += 36
	}
	if a && b || c {
		y += 37
	}
	if a && b || c {
		y += 38
	}
	if a && b || c {
		y += 39
	}
	if a && b || c {
		y += 40
	}
	if a && b || c {
		y += 41
	}
	if a && b || c {
		y += 42
	}
	if a && b || c {
		y += 43
	}
	if a && b || c {
		y += 44
	}
	if a && b || c {
		y += 45
	}
	if a && b || c {
		y += 46
	}
	if a && b || c {
		y += 47
	}
	if a && b || c {
		y += 48
	}
	if a && b || c {
		y += 49
	}
	if a && b || c {
		y += 50
	}
	if a && b || c {
		y += 51
	}
	if a && b || c {
		y += 52
	}
	if a && b || c {
		y += 53
	}
	if a && b || c {
		y += 54
	}
	if a && b || c {
		y += 55
	}
	if a && b || c {
		y += 56
	}
	if a && b || c {
		y += 57
	}
	if a && b || c {
		y += 58
	}
	if a && b || c {
		y += 59
	}
	s.mu.Lock()
	s.ch <- y // want `s.mu is held across send on s.ch`
	s.mu.Unlock()
	return y
}

// ok: the lock is released before the send, after as many switches.
func (s *S) ManySwitchesReleased(x int) int {
	y := 0
	switch x {
	case 0:
		y++
	case 1000:
		y--
	}
	switch x {
	case 1:
		y++
	case 1001:
		y--
	}
	switch x {
	case 2:
		y++
	case 1002:
		y--
	}
	switch x {
	case 3:
		y++
	case 1003:
		y--
	}
	switch x {
	case 4:
		y++
	case 1004:
		y--
	}
	switch x {
	case 5:
		y++
	case 1005:
		y--
	}
	switch x {
	case 6:
		y++
	case 1006:
		y--
	}
	switch x {
	case 7:
		y++
	case 1007:
		y--
	}
	switch x {
	case 8:
		y++
	case 1008:
		y--
	}
	switch x {
	case 9:
		y++
	case 1009:
		y--
	}
	switch x {
	case 10:
		y++
	case 1010:
		y--
	}
	switch x {
	case 11:
		y++
	case 1011:
		y--
	}
	switch x {
	case 12:
		y++
	case 1012:
		y--
	}
	switch x {
	case 13:
		y++
	case 1013:
		y--
	}
	switch x {
	case 14:
		y++
	case 1014:
		y--
	}
	switch x {
	case 15:
		y++
	case 1015:
		y--
	}
	switch x {
	case 16:
		y++
	case 1016:
		y--
	}
	switch x {
	case 17:
		y++
	case 1017:
		y--
	}
	switch x {
	case 18:
		y++
	case 1018:
		y--
	}
	switch x {
	case 19:
		y++
	case 1019:
		y--
	}
	switch x {
	case 20:
		y++
	case 1020:
		y--
	}
	switch x {
	case 21:
		y++
	case 1021:
		y--
	}
	switch x {
	case 22:
		y++
	case 1022:
		y--
	}
	switch x {
	case 23:
		y++
	case 1023:
		y--
	}
	switch x {
	case 24:
		y++
	case 1024:
		y--
	}
	switch x {
	case 25:
		y++
	case 1025:
		y--
	}
	switch x {
	case 26:
		y++
	case 1026:
		y--
	}
	switch x {
	case 27:
		y++
	case 1027:
		y--
	}
	switch x {
	case 28:
		y++
	case 1028:
		y--
	}
	switch x {
	case 29:
		y++
	case 1029:
		y--
	}
	switch x {
	case 30:
		y++
	case 1030:
		y--
	}
	switch x {
	case 31:
		y++
	case 1031:
		y--
	}
	switch x {
	case 32:
		y++
	case 1032:
		y--
	}
	switch x {
	case 33:
		y++
	case 1033:
		y--
	}
	switch x {
	case 34:
		y++
	case 1034:
		y--
	}
	switch x {
	case 35:
		y++
	case 1035:
		y--
	}
	switch x {
	case 36:
		y++
	case 1036:
		y--
	}
	switch x {
	case 37:
		y++
	case 1037:
		y--
	}
	switch x {
	case 38:
		y++
	case 1038:
		y--
	}
	switch x {
	case 39:
		y++
	case 1039:
		y--
	}
	switch x {
	case 40:
		y++
	case 1040:
		y--
	}
	switch x {
	case 41:
		y++
	case 1041:
		y--
	}
	switch x {
	case 42:
		y++
	case 1042:
		y--
	}
	switch x {
	case 43:
		y++
	case 1043:
		y--
	}
	switch x {
	case 44:
		y++
	case 1044:
		y--
	}
	switch x {
	case 45:
		y++
	case 1045:
		y--
	}
	switch x {
	case 46:
		y++
	case 1046:
		y--
	}
	switch x {
	case 47:
		y++
	case 1047:
		y--
	}
	switch x {
	case 48:
		y++
	case 1048:
		y--
	}
	switch x {
	case 49:
		y++
	case 1049:
		y--
	}
	switch x {
	case 50:
		y++
	case 1050:
		y--
	}
	switch x {
	case 51:
		y++
	case 1051:
		y--
	}
	switch x {
	case 52:
		y++
	case 1052:
		y--
	}
	switch x {
	case 53:
		y++
	case 1053:
		y--
	}
	switch x {
	case 54:
		y++
	case 1054:
		y--
	}
	switch x {
	case 55:
		y++
	case 1055:
		y--
	}
	switch x {
	case 56:
		y++
	case 1056:
		y--
	}
	switch x {
	case 57:
		y++
	case 1057:
		y--
	}
	switch x {
	case 58:
		y++
	case 1058:
		y--
	}
	switch x {
	case 59:
		y++
	case 1059:
		y--
	}
	s.mu.Lock()
	y++
	s.mu.Unlock()
	s.ch <- y
	return y
}
