package explain

// confirm marks the static findings that the dump confirms: those reported
// at a group's blocked operation. A finding about a send, a receive, a lock
// or a wait is reported at that operation, so the dump showing goroutines
// blocked there is the finding seen at run time.
func (s *session) confirm() {
	for i, g := range s.rep.Groups {
		if s.sites[i] == nil {
			continue
		}
		at := lineRef{g.Site.abs, g.Site.Line}
		for j, f := range s.rep.Findings {
			if (lineRef{f.file, f.line}) == at {
				f.Confirmed = append(f.Confirmed, g.ID)
				g.Findings = append(g.Findings, j)
			}
		}
	}
}
