package cli

import (
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/mapping"
	"github.com/licentric/licentric-sync/providers"
)

// MappingCmd shows how each source is read and mapped, so a user can
// review the auto-mapping and write rules before planning.
type MappingCmd struct {
	ConfigFlag
	SnapshotFlag
	Source        string `name:"source" placeholder:"NAME" predictor:"source" help:"Only this source."`
	Format        string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"text, markdown (a PR comment, capped) or json."`
	ShowSensitive bool   `name:"show-sensitive" help:"Show values that look like keys or emails (a shifted column) instead of references."`
}

// Run reviews the mapping.
func (c *MappingCmd) Run(e *env) error {
	eng, err := e.engine()
	if err != nil {
		return err
	}
	sources, err := eng.Sources()
	if c.Source != "" && err == nil {
		var s providers.Source
		s, err = eng.Source(c.Source)
		sources = []providers.Source{s}
	}
	if err != nil {
		return err
	}
	var reviews []*mapping.Review
	for _, s := range sources {
		rv, err := mapping.ReviewSource(e.ctx, eng.Config, s, e.now, mapping.ShowSensitive(c.ShowSensitive))
		if err != nil {
			return err
		}
		reviews = append(reviews, rv)
	}
	e.warnSensitive(c.ShowSensitive)
	if !c.ShowSensitive {
		for _, rv := range reviews {
			hideSensitiveValues(rv)
		}
	}
	return mapping.WriteReviews(e.stdout, reviews, c.Format)
}

// hideSensitiveValues replaces distinct values that look like keys or
// emails (a shifted column puts them under status or policy) with
// references, so the review can be pasted into a ticket.
func hideSensitiveValues(rv *mapping.Review) {
	for _, vals := range rv.Values {
		for i := range vals {
			if license.LooksSensitive(vals[i].Value) {
				vals[i].Value = license.Ref("value", vals[i].Value)
			}
		}
	}
}
