package engine

import (
	"fmt"
	"slices"
	"strings"
)

// Select narrows the run to the named sources (--source): only they are
// read, and the plan updates and prunes only licenses whose ownership
// marker names one of them; the config's other sources' licenses are
// left alone and counted in a note, and safety counts only the selected
// sources. Products and policies are still planned: licenses need them.
// An unknown name fails, listing the config's sources. No names selects
// every source.
func (e *Engine) Select(names []string) error {
	if len(names) == 0 {
		e.only = nil
		return nil
	}
	only := map[string]bool{}
	for _, n := range names {
		if _, ok := e.Config.Source(n); !ok {
			return fmt.Errorf("%s has no source named %q (--source); its sources are: %s", e.Config.File, n, strings.Join(e.sourceNames(), ", "))
		}
		only[n] = true
	}
	e.only = only
	return nil
}

// selected reports whether a source takes part in this run.
func (e *Engine) selected(name string) bool { return e.only == nil || e.only[name] }

// Selection is the sorted names --source chose, nil for every source: a
// plan records it, so a saved plan is applied with the same selection.
func (e *Engine) Selection() []string {
	if e.only == nil {
		return nil
	}
	out := make([]string, 0, len(e.only))
	for n := range e.only {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func (e *Engine) sourceNames() []string {
	out := make([]string, 0, len(e.Config.Sources))
	for _, s := range e.Config.Sources {
		out = append(out, s.Name)
	}
	return out
}
