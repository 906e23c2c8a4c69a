package license

import (
	"encoding/json"
	"sort"
	"time"
)

// TimeLayout is Licentric's timestamp form: UTC, milliseconds, Z.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// FormatTime renders a timestamp the way Licentric does; nil is "".
func FormatTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

// TruncTime brings a timestamp to Licentric's millisecond precision in UTC,
// so a source with 7 fractional digits does not show a phantom change.
func TruncTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Millisecond)
}

// CanonicalJSON returns a JSON object with sorted keys and no spaces, "" for
// an empty object, so metadata compares by string equality.
func CanonicalJSON(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	b, err := json.Marshal(m) // encoding/json sorts map keys
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// CanonicalizeJSON re-encodes a JSON object text canonically.
func CanonicalizeJSON(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return "", err
	}
	return CanonicalJSON(m)
}

// SortLicenses orders licenses by key bytes, the plan's deterministic order.
func SortLicenses(ls []License) {
	sort.Slice(ls, func(i, j int) bool { return ls[i].Key < ls[j].Key })
}
