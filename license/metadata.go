package license

import (
	"encoding/json"
	"strings"
)

// Metadata shows a license's metadata (a JSON object) with every string
// that could be a license key or personal data replaced by a reference,
// member names included, so metadata prints under the rules fields do: a
// value that is an email or a key as a whole shows as email:… or key:…
// (the reference the field or the license would show), any other string
// holding one as value:…. The ownership marker is ours and stays as it
// is. Show returns the metadata unchanged; so does metadata with nothing
// to hide, without being decoded (a million licenses are listed).
func (r Redactor) Metadata(js string) string {
	if r.Show || js == "" || (!strings.Contains(js, `\u`) && !holdsSensitive(js)) {
		return js
	}
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Ref("value", js) // not JSON: it could hold anything
	}
	top, ok := v.(map[string]any)
	if !ok {
		return Ref("value", js)
	}
	out := make(map[string]any, len(top))
	for k, x := range top {
		if k == MarkerKey {
			out[k] = x
			continue
		}
		out[hideText(k)] = hideAny(x)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return Ref("value", js)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// holdsSensitive reports whether a text holds an email address or a
// key-like token anywhere in it.
func holdsSensitive(s string) bool { return hasEmail(s) || hasKeyToken(s) }

// hideAny redacts the strings of a decoded JSON value, at any depth.
func hideAny(v any) any {
	switch x := v.(type) {
	case string:
		return hideText(x)
	case []any:
		for i := range x {
			x[i] = hideAny(x[i])
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, y := range x {
			out[hideText(k)] = hideAny(y)
		}
		return out
	}
	return v
}

// hideText is one metadata string as it may be shown.
func hideText(s string) string {
	if !holdsSensitive(s) {
		return s
	}
	t := strings.TrimSpace(s)
	switch {
	case !strings.ContainsAny(t, " \t\r\n") && strings.Count(t, "@") == 1 && hasEmail(t):
		return Ref("email", t)
	case !strings.ContainsFunc(t, notKeyChar):
		return Key(t).Ref()
	}
	return Ref("value", s)
}
