package generated

func (t *T) HandWritten() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ch <- 2 // [send-under-lock] // want `t.mu is held across send on t.ch`
}
