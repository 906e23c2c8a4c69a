package mapping

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
	"github.com/licentric/licentric-sync/providers"
)

// metadata sets the license's metadata as canonical JSON: the record's
// JSON object with its numbers checked (below), the source's metadata:
// over it, and an ownership marker the export carries dropped (the
// target writes its own from the license's origin).
func (m *mapper) metadata(r *providers.Record, l *license.License) error {
	cell := strings.TrimSpace(r.Value(providers.FMetadata))
	if len(m.static) == 0 && !strings.Contains(cell, license.MarkerKey) {
		if cell == "" {
			return nil
		}
		if s, ok := fastCanonical(cell); ok {
			l.Metadata = s
			return nil
		}
	}
	obj := map[string]any{}
	if cell != "" {
		if p := license.JSONTextProblem(cell); p != "" {
			return fmt.Errorf("%s: holds %s", r.Column(providers.FMetadata), p)
		}
		if err := decodeMetadata(cell, &obj); err != nil || obj == nil {
			return fmt.Errorf("%s: not a JSON object (%v); write it as {\"key\": \"value\"}", r.Column(providers.FMetadata), jsonProblem(err))
		}
		changed := ""
		if _, err := m.numbers(obj, r.Column(providers.FMetadata), &changed); err != nil {
			return err
		}
		if changed != "" {
			m.noteBig(l, r, changed)
		}
	}
	for k, v := range m.static {
		obj[k] = v
	}
	delete(obj, license.MarkerKey)
	s, err := license.CanonicalJSON(obj)
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	l.Metadata = s
	return nil
}

// decodeMetadata decodes a metadata cell keeping its numbers as written
// (json.Number), for numbers to check them; a cell that is not one JSON
// value is refused as json.Unmarshal refuses it.
func decodeMetadata(cell string, obj *map[string]any) error {
	dec := json.NewDecoder(strings.NewReader(cell))
	dec.UseNumber()
	if err := dec.Decode(obj); err != nil || dec.InputOffset() != int64(len(cell)) {
		return json.Unmarshal([]byte(cell), obj) // its error says where
	}
	return nil
}

func jsonProblem(err error) string {
	if err == nil {
		return "null"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	}
	return "wrong JSON type"
}

// fastCanonical returns license.CanonicalMetadata(cell) without decoding
// it, for the common cell that is already canonical once compacted (see
// license.CompactPlainObject). ok is false for anything else, and the
// full decode-and-encode path runs. A fuzz test holds the two equal.
func fastCanonical(cell string) (string, bool) {
	s, ok := license.CompactPlainObject([]byte(cell), false)
	if s == "{}" {
		return "", ok // an empty object is no metadata
	}
	return s, ok
}

// Licentric's API is JavaScript: a metadata number is a double there, and
// one it cannot hold (an id beyond 2^53 such as 9007199254740993) would
// land as another number (…992) without a word. Each number of a row's
// metadata is checked; what happens to one that would change is the
// source's big_numbers: choice (config.BigNumbers*), refused by default.

// bigNumbers counts one source's metadata numbers that were rounded or
// kept as text, with the first as an example for the plan's warning.
type bigNumbers struct {
	licenses int
	example  string
}

// numbers replaces the json.Numbers of decoded metadata by what the
// target will hold: a float64 where the number survives as a double (what
// decoding into float64 always gave), and otherwise as big_numbers: says.
// changed reports whether a number was rounded or made text.
func (m *mapper) numbers(v any, path string, changed *string) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		// In key order: the number an error or a warning names must be
		// the same one every run.
		for _, k := range slices.Sorted(maps.Keys(x)) {
			var err error
			if x[k], err = m.numbers(x[k], path+"."+k, changed); err != nil {
				return nil, err
			}
		}
	case []any:
		for i, e := range x {
			var err error
			if x[i], err = m.numbers(e, fmt.Sprintf("%s[%d]", path, i), changed); err != nil {
				return nil, err
			}
		}
	case json.Number:
		return m.number(x.String(), path, changed)
	}
	return v, nil
}

func (m *mapper) number(s, path string, changed *string) (any, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && len(s) <= 15 && !strings.ContainsAny(s, ".eE") {
		return f, nil // an integer of 15 digits or fewer: always exact
	}
	if err == nil && sameNumber(s, strconv.FormatFloat(f, 'g', -1, 64)) {
		return f, nil
	}
	mode := m.src.BigNumbers
	if mode == "" {
		mode = config.BigNumbersDefault
	}
	shown := m.redact.Value(s)
	switch {
	case mode == config.BigNumbersString:
		*changed = fmt.Sprintf("%s: %s kept as text", path, shown)
		return s, nil
	case mode == config.BigNumbersRound && err == nil:
		*changed = fmt.Sprintf("%s: %s rounded to %s", path, shown, m.redact.Value(jsText(f)))
		return f, nil
	case err != nil:
		return nil, fmt.Errorf("%s: the number %s is beyond what a JavaScript number holds; set big_numbers: string in source %s to keep its digits as text",
			path, shown, m.src.Name)
	}
	return nil, fmt.Errorf("%s: the number %s cannot be held exactly by Licentric (JavaScript numbers hold integers up to 2^53; it would become %s); "+
		"set big_numbers: string in source %s to keep its digits as text, or big_numbers: round to accept the change",
		path, shown, m.redact.Value(jsText(f)), m.src.Name)
}

// jsText is how JavaScript prints a number: digits without an exponent
// below 1e21.
func jsText(f float64) string {
	if math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// noteBig counts a license whose metadata numbers changed.
func (m *mapper) noteBig(l *license.License, r *providers.Record, changed string) {
	b := m.out.bigNumbers[m.src.Name]
	if b == nil {
		b = &bigNumbers{example: fmt.Sprintf("%s at %s: %s", l.Key.Ref(), license.Position(r.File, r.Line), changed)}
		m.out.bigNumbers[m.src.Name] = b
	}
	b.licenses++
}

// bigNumberFindings is one warning per source whose metadata numbers
// were rounded or made text: how many licenses, and the first of them.
func (r *Result) bigNumberFindings() []plan.Diagnostic {
	names := slices.Sorted(maps.Keys(r.bigNumbers))
	out := make([]plan.Diagnostic, 0, len(names))
	for _, name := range names {
		b := r.bigNumbers[name]
		noun := "licenses hold"
		if b.licenses == 1 {
			noun = "license holds"
		}
		out = append(out, plan.Diagnostic{Severity: plan.Warning, Message: fmt.Sprintf(
			"source %s: %d %s metadata numbers that JavaScript cannot hold exactly (beyond 2^53), changed as its big_numbers: says; e.g. %s",
			name, b.licenses, noun, b.example)})
	}
	return out
}

// sameNumber reports whether two JSON numbers are the same decimal value,
// compared as digits and a power of ten (no big arithmetic on a number
// an export may write as 1e999999999).
func sameNumber(a, b string) bool {
	na, ea, oka := decimal(a)
	nb, eb, okb := decimal(b)
	if !oka || !okb {
		return false
	}
	if strings.Trim(na, "-") == "" || strings.Trim(nb, "-") == "" {
		return strings.Trim(na, "-") == strings.Trim(nb, "-") // zero is zero, whatever its sign
	}
	return na == nb && ea == eb
}

// decimal writes a number as a sign and its significant digits, and the
// power of ten of the last: "-12.50e3" is ("-125", 2).
func decimal(s string) (digits string, exp int, ok bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return "", 0, false
		}
		exp, s = e, s[:i]
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		exp -= len(s) - i - 1
		s = s[:i] + s[i+1:]
	}
	s = strings.TrimLeft(s, "0")
	for strings.HasSuffix(s, "0") {
		s, exp = s[:len(s)-1], exp+1
	}
	if neg {
		s = "-" + s
	}
	return s, exp, true
}
