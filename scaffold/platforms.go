package scaffold

import (
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/registry"
)

// looksThreshold is the weight of headers that makes an export look like
// a platform's: one decisive header, or two telling ones.
const looksThreshold = 3

// genericLimitWhere is where a platform that says nothing of its own
// (the generic reader) has its policies' machine limits; %s is the
// policy's name.
const genericLimitWhere = "the system that made the export: the plan or product settings behind %s"

// platforms are what init knows of each platform's exports (each
// platform's package states them in its Init), in the registry's order:
// the order an export is compared against them, so a tie between two
// look-alikes answers the same way every run.
func platforms() platform.Registry { return registry.Default() }

// factsOf returns a platform's facts for init, its name and limit
// wording filled in; an unknown platform gets the generic facts, which
// claim nothing.
func factsOf(name string) platform.Init {
	p, ok := platforms().Lookup(name)
	in := p.Init
	switch {
	case !ok:
		in.Name = name
	case in.Name == "":
		in.Name = p.Title
	}
	if in.LimitWhere == "" {
		in.LimitWhere = genericLimitWhere
	}
	return in
}
