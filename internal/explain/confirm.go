package explain

// confirm marks the static findings that the dump confirms: those reported
// at a group's blocked operation, or at a call on the blocked goroutines'
// stack in the module (a finding about a call that locks or blocks, such as
// a double lock reported where the locking helper is called). Either way
// the dump shows goroutines stuck in the very operation the finding is
// about.
func (s *session) confirm() {
	for i, g := range s.rep.Groups {
		if s.sites[i] == nil {
			continue
		}
		for _, fi := range s.frames[i] {
			at := lineRef{fi.frame.abs, fi.frame.Line}
			for j, f := range s.rep.Findings {
				if (lineRef{f.file, f.line}) == at && !containsInt(f.Confirmed, g.ID) {
					f.Confirmed = append(f.Confirmed, g.ID)
					g.Findings = append(g.Findings, j)
				}
			}
		}
	}
}
