// Package inert has nothing concurrent in it: builders and pure helpers.
package inert

import (
	"fmt"
	"strconv"
)

type Pod struct {
	Name   string
	Labels map[string]string
}

func (p *Pod) WithName(n string) *Pod { p.Name = n; return p }

func (p *Pod) WithLabel(k, v string) *Pod {
	if p.Labels == nil {
		p.Labels = map[string]string{}
	}
	p.Labels[k] = v
	return p
}

func Describe(p *Pod, n int) string {
	return fmt.Sprintf("%s/%s", p.Name, strconv.Itoa(n))
}
