package config

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// located converts a yaml.Node tree into plain JSON-like values for the
// schema validator and remembers, for every JSON pointer, the value node
// and (for mapping entries) the key node, so schema errors get positions.
//
// Scalars keep their source text: an unquoted date such as 2025-01-01
// stays the string "2025-01-01" instead of becoming a time.Time, which the
// validator cannot handle.
type located struct {
	values map[string]*yaml.Node
	keys   map[string]*yaml.Node
}

func newLocated() *located {
	return &located{values: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
}

func (l *located) convert(n *yaml.Node, ptr string) any {
	for n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	l.values[ptr] = n
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := ptr + "/" + escapePointer(k.Value)
			l.keys[child] = k
			m[k.Value] = l.convert(v, child)
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = l.convert(c, ptr+"/"+strconv.Itoa(i))
		}
		return s
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil
}

func scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) == nil {
			if n.Tag == "!!int" {
				var i int64
				if n.Decode(&i) == nil {
					return json.Number(strconv.FormatInt(i, 10))
				}
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	}
	return n.Value
}

func escapePointer(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	return strings.ReplaceAll(s, "/", "~1")
}

// at returns the best position for a JSON pointer: the value node, or the
// nearest ancestor that has one.
func (l *located) at(ptr string) (line, col int) {
	for {
		if n, ok := l.values[ptr]; ok {
			return n.Line, n.Column
		}
		i := strings.LastIndex(ptr, "/")
		if i < 0 {
			return 1, 1
		}
		ptr = ptr[:i]
	}
}

// keyAt returns the position of the key of a mapping entry, falling back
// to the value's position.
func (l *located) keyAt(ptr string) (line, col int) {
	if k, ok := l.keys[ptr]; ok {
		return k.Line, k.Column
	}
	return l.at(ptr)
}

func pointer(loc []string) string {
	var b strings.Builder
	for _, p := range loc {
		b.WriteByte('/')
		b.WriteString(escapePointer(p))
	}
	return b.String()
}

var fieldMapKey = regexp.MustCompile(`^/sources/\d+/(columns|rules/\d+/match)/[^/]+$`)

// fieldKey finds the first key named prop in a columns: or match: map.
func (l *located) fieldKey(prop string) (string, bool) {
	var found []string
	for ptr := range l.keys {
		if fieldMapKey.MatchString(ptr) && strings.HasSuffix(ptr, "/"+escapePointer(prop)) {
			found = append(found, ptr)
		}
	}
	if len(found) == 0 {
		return "", false
	}
	sort.Strings(found)
	return found[0], true
}
