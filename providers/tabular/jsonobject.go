package tabular

import (
	"fmt"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/providers"
)

// A generic JSON export may write a field's value as an object
// ({"allowedActivations": {"n": 5}}). Flatten turns it into columns named
// by its members (allowedActivations.n), which no alias names, so the
// field would silently read as unset: the policy's limit, or a bare
// "missing". Such a field is refused instead, naming the object's path.
// Nested paths that are the field (user.email read as the email) are
// left alone: an object is refused only where a field's alias names its
// path exactly and none of its members feeds any field.

// newFlatColumns indexes the columns of one flattened JSON item and the
// paths of the objects flattened into them.
func newFlatColumns(keys, objects []string) *Columns {
	c := NewColumns(keys)
	if len(objects) > 0 {
		c.objects = make(map[string]string, len(objects))
		for _, o := range objects {
			if _, ok := c.objects[Normalize(o)]; !ok {
				c.objects[Normalize(o)] = o
			}
		}
	}
	return c
}

// objectAt returns the path of a flattened object that one of aliases
// names exactly (not with wrapper prefixes stripped, so attributes.user
// is never taken for user), provided no member of it is a used column:
// an object whose member feeds a field is a nested path, not a value.
func (c *Columns) objectAt(aliases []string, used map[int]bool) (string, bool) {
	for _, a := range aliases {
		path, ok := c.objects[a]
		if !ok {
			continue
		}
		if !c.memberUsed(path, used) {
			return path, true
		}
	}
	return "", false
}

// memberUsed reports whether a column under the object at path feeds a field.
func (c *Columns) memberUsed(path string, used map[int]bool) bool {
	for i, h := range c.header {
		if used[i] && strings.HasPrefix(h, path+".") {
			return true
		}
	}
	return false
}

// members lists the names directly under the object at path, sorted:
// names, never values, so nothing sensitive is shown.
func (c *Columns) members(path string) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range c.header {
		rest, ok := strings.CutPrefix(h, path+".")
		if !ok {
			continue
		}
		name, _, _ := strings.Cut(rest, ".")
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// objectError is the row error for the first field, in field order,
// that has no column but whose value the item wrote as an object; nil
// when there is none (always for CSV).
func (c *Columns) objectError(aliases map[providers.Field][]string, idx *[providers.NumFields]int, used map[int]bool) error {
	if len(c.objects) == 0 {
		return nil
	}
	for f := providers.Field(0); f < providers.NumFields; f++ {
		if idx[f] >= 0 {
			continue
		}
		path, ok := c.objectAt(aliases[f], used)
		members := c.members(path)
		if !ok || len(members) == 0 { // a flattened object always has a member
			continue
		}
		return fmt.Errorf("%s: found a JSON object at %s (members %s) where a value was expected; "+
			"write the value itself, or name the member that holds it in the source's columns: (e.g. %s: %s.%s)",
			f, path, strings.Join(members, ", "), f, path, members[0])
	}
	return nil
}
