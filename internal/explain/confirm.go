package explain

import "github.com/concurlint/concurlint/internal/dump"

// confirm marks the static findings that the dump confirms: those reported
// at a group's blocked operation, or at a call on the blocked stack in the
// module (a double lock is reported where the locking helper is called),
// or that name the blocked operation as a related position (a skipped
// wg.Done is reported at the return that skips it, with the Wait it
// strands as related). Either way the dump shows goroutines stuck in the
// very operation the finding is about. Related positions of lock waits are
// not matched: there they say where a lock was taken, not what waits.
func (s *session) confirm() {
	for i, g := range s.rep.Groups {
		if s.sites[i] == nil {
			continue
		}
		mark := func(j int) {
			f := s.rep.Findings[j]
			if !containsInt(f.Confirmed, g.ID) {
				f.Confirmed = append(f.Confirmed, g.ID)
				g.Findings = append(g.Findings, j)
			}
		}
		for _, fi := range s.frames[i] {
			at := lineRef{fi.frame.abs, fi.frame.Line}
			for j, f := range s.rep.Findings {
				if (lineRef{f.file, f.line}) == at {
					mark(j)
				}
			}
		}
		if w := dump.WaitOf(g.State); w == dump.WaitLock || w == dump.WaitRLock {
			continue
		}
		site := lineRef{g.Site.abs, g.Site.Line}
		for j, f := range s.rep.Findings {
			if containsLine(f.related, site) {
				mark(j)
			}
		}
	}
}

func containsLine(refs []lineRef, r lineRef) bool {
	for _, x := range refs {
		if x == r {
			return true
		}
	}
	return false
}
