package tabular

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/licentric/licentric-sync/providers"
)

// Normalize folds a header name so that spellings of one name compare
// equal: case, spaces, '_', '-' and '.' are ignored, which also makes
// camelCase equal to snake_case (userEmail, user_email, "User Email").
func Normalize(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for _, r := range h {
		switch {
		case r == ' ' || r == '_' || r == '-' || r == '.' || r == '\u00a0':
		case unicode.IsUpper(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// prefixes are wrappers that exports put before field names: dotted
// paths from Licentric's migration guide (license.user.email), JSON:API
// attributes, and dashboard labels ("License key").
var prefixes = []string{"data", "attributes", "license"}

// stripPrefixes removes wrapper words from a normalized name, keeping at
// least something: "licenseuseremail" → "useremail", "license" stays.
func stripPrefixes(n string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range prefixes {
			if strings.HasPrefix(n, p) && len(n) > len(p) {
				n = n[len(p):]
				changed = true
			}
		}
	}
	return n
}

// Columns resolves canonical fields to columns of one header row.
type Columns struct {
	header []string
	norm   map[string]int // normalized name → first column
	strip  map[string]int // normalized without wrapper prefixes → first column
	// objects are the JSON objects flattened into these columns: their
	// normalized path → the path as the export spells it (nil for CSV).
	objects map[string]string
}

// NewColumns indexes a header row.
func NewColumns(header []string) *Columns {
	c := &Columns{header: header, norm: map[string]int{}, strip: map[string]int{}}
	for i, h := range header {
		n := Normalize(h)
		if _, ok := c.norm[n]; !ok {
			c.norm[n] = i
		}
		s := stripPrefixes(n)
		if _, ok := c.strip[s]; !ok {
			c.strip[s] = i
		}
	}
	return c
}

// Find returns the first column that any alias names. Aliases are
// normalized names in priority order; each is tried exactly, then with
// wrapper prefixes removed.
func (c *Columns) Find(aliases []string) (int, bool) {
	for _, a := range aliases {
		if i, ok := c.norm[a]; ok {
			return i, true
		}
	}
	for _, a := range aliases {
		if i, ok := c.strip[a]; ok {
			return i, true
		}
	}
	return -1, false
}

// Named finds the column a user named in columns:, compared normalized.
func (c *Columns) Named(name string) (int, bool) {
	i, ok := c.norm[Normalize(name)]
	return i, ok
}

// Header returns the column names.
func (c *Columns) Header() []string { return c.header }

// columnMap says which column feeds which field for one header row.
type columnMap struct {
	idx   [providers.NumFields]int
	names *[providers.NumFields]string
	// object is the row error for a field whose value the export wrote
	// as a JSON object (see Columns.objectAt); nil when there is none.
	object error
}

func (m *columnMap) record(row []string, file string, line int) *providers.Record {
	r := new(providers.Record)
	m.fill(r, row, file, line)
	return r
}

// fill overwrites r with one row's values.
func (m *columnMap) fill(r *providers.Record, row []string, file string, line int) {
	*r = providers.Record{File: file, Line: line, Columns: m.names}
	for f, i := range m.idx {
		if i < 0 {
			continue
		}
		v := ""
		if i < len(row) {
			v = row[i]
		}
		r.Put(providers.Field(f), v)
	}
}

// resolve maps fields to columns: columns: overrides first, then aliases.
func (s *Source) resolve(cols *Columns, file string, describe bool) (*columnMap, error) {
	m := &columnMap{names: new([providers.NumFields]string)}
	used := map[int]bool{}
	var uses []providers.ColumnUse
	for f := providers.Field(0); f < providers.NumFields; f++ {
		m.idx[f] = -1
		if name, ok := s.cfg.Columns[f.String()]; ok {
			i, found := cols.Named(name)
			if !found {
				return nil, fmt.Errorf("%s: columns: %s names %q, which is not a column; %s",
					file, f, name, describeHeader(cols.Header()))
			}
			m.idx[f], m.names[f] = i, cols.Header()[i]
			used[i] = true
			uses = append(uses, providers.ColumnUse{Field: f.String(), Column: cols.Header()[i], Override: true})
		}
	}
	aliases := s.spec.Aliases
	if s.spec.AliasesFor != nil {
		aliases = s.spec.AliasesFor(cols.Header())
	}
	for f := providers.Field(0); f < providers.NumFields; f++ {
		if m.idx[f] >= 0 {
			continue
		}
		if i, ok := cols.Find(aliases[f]); ok && !used[i] {
			m.idx[f], m.names[f] = i, cols.Header()[i]
			used[i] = true
			uses = append(uses, providers.ColumnUse{Field: f.String(), Column: cols.Header()[i]})
		}
	}
	m.object = cols.objectError(aliases, &m.idx, used)
	if describe {
		s.report.Columns = uses
		s.report.Unused = nil
		for i, h := range cols.Header() {
			if !used[i] {
				s.report.Unused = append(s.report.Unused, h)
			}
		}
		sort.Strings(s.report.Unused)
	}
	return m, nil
}
