package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
)

// sourceCounts starts the per-source counts with what each of the
// config's sources yields (zero for a source that yields nothing).
func sourceCounts(desired []license.License, opts Options) map[string]*SourceCount {
	out := map[string]*SourceCount{}
	for name := range opts.Owners {
		if opts.Only == nil || opts.Only[name] {
			out[name] = &SourceCount{}
		}
	}
	for i := range desired {
		src := desired[i].Origin.Source
		if out[src] == nil {
			out[src] = &SourceCount{}
		}
		out[src].Desired++
	}
	return out
}

// ownership classifies a target license: not managed, managed by one of
// this config's sources, or managed by a source this config does not have.
type ownership int

const (
	ownNone ownership = iota
	ownThis
	ownOther
	ownUnselected // this config's, but --source did not select its source
)

// ownerCache remembers the last marker's answer: a target's licenses come
// from a few sources, so a million lookups are mostly one comparison.
type ownerCache struct {
	source, platform string
	own              ownership
	count            *SourceCount
	valid            bool
}

// of classifies l like owned, and returns its source's counts.
func (c *ownerCache) of(l *license.License, opts Options, sources map[string]*SourceCount) (ownership, *SourceCount) {
	if !c.valid || l.Origin.Source != c.source || l.Origin.Platform != c.platform {
		*c = ownerCache{source: l.Origin.Source, platform: l.Origin.Platform, own: owned(l, opts), count: sources[l.Origin.Source], valid: true}
	}
	return c.own, c.count
}

func owned(l *license.License, opts Options) ownership {
	switch {
	case l.Origin.Source == "":
		return ownNone
	case opts.Owners == nil:
		return ownThis
	}
	platform, ok := opts.Owners[l.Origin.Source]
	switch {
	case !ok || platform != l.Origin.Platform:
		return ownOther
	case opts.Only != nil && !opts.Only[l.Origin.Source]:
		return ownUnselected
	}
	return ownThis
}

// Owns reports whether a target license is this plan's to update or
// prune: marked by one of the config's sources (and, with --source, a
// selected one). verify asks the same question, so both commands judge
// the same licenses.
func (o Options) Owns(l *license.License) bool { return owned(l, o) == ownThis }

// foreignOwner names a marker that is not this config's, for messages.
func foreignOwner(o license.Origin) string {
	return fmt.Sprintf("%s (%s)", o.Source, o.Platform)
}

// leftAlone collects the notes about licenses the plan does not touch:
// those of other configs' sources, and (without prune) this config's
// licenses that left their export.
type leftAlone struct {
	foreign    map[string]int // owner → count
	gone       map[string]int // source → count, prune off
	unselected map[string]int // source → count, not selected by --source
}

func (a *leftAlone) add(m map[string]int, k string) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[k]++
	return m
}

func (a *leftAlone) notes() []Diagnostic {
	var out []Diagnostic
	if n, owners := total(a.foreign); n > 0 {
		out = append(out, Diagnostic{Severity: Note, Message: fmt.Sprintf(
			"%d %s belong to sources not in this config: %s; they are left alone (never updated or pruned from here)",
			n, plural(n, "license", "licenses"), owners)})
	}
	if n, names := total(a.unselected); n > 0 {
		out = append(out, Diagnostic{Severity: Note, Message: fmt.Sprintf(
			"%d %s of sources not selected with --source (%s) left alone; plan without --source to include them",
			n, plural(n, "license", "licenses"), names)})
	}
	for _, src := range slices.Sorted(maps.Keys(a.gone)) {
		n := a.gone[src]
		out = append(out, Diagnostic{Severity: Note, Message: fmt.Sprintf(
			"source %s: %d managed %s no longer in its export; left as they are (options.prune: true would delete them)",
			src, n, plural(n, "license is", "licenses are"))})
	}
	return out
}

// total sums a count per name and lists the names, sorted.
func total(m map[string]int) (int, string) {
	n, names := 0, slices.Sorted(maps.Keys(m))
	for _, k := range names {
		n += m[k]
	}
	return n, strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// shrunk lists the sources that yield far fewer licenses than the target
// holds from them: none at all, or (with prune, which would delete the
// difference) fewer than half. A broken or partial export must never
// read as "delete what is missing".
func (p *Plan) shrunk(prune bool) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(p.Sources)) {
		c := p.Sources[name]
		if c.Desired == 0 && c.Held == 0 {
			// a first run from an export that holds a header alone (or a
			// live account read as empty): planning nothing is no
			// migration, and a later prune would read it as "delete all"
			out = append(out, fmt.Sprintf("source %s yields no licenses: is the export complete (a header alone)? (a source that yields nothing is always reviewed)", name))
			continue
		}
		if c.Held == 0 || (c.Desired > 0 && (!prune || c.Desired*2 >= c.Held)) {
			continue
		}
		out = append(out, fmt.Sprintf("source %s yields %d %s but the target holds %d from it: is the export complete? (a shrinking source is always reviewed)",
			name, c.Desired, plural(c.Desired, "license", "licenses"), c.Held))
	}
	return out
}
