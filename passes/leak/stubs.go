package leak

import "golang.org/x/tools/go/ssa"

func (c *checker) checkContexts(fn *ssa.Function)          {}
func (c *checker) checkWaitGroups(fn *ssa.Function)        {}
func (c *checker) checkCancelFields()                      {}
func (c *checker) checkConds()                             {}
