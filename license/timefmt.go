package license

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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

// CanonicalJSON is the one canonical form of metadata, used by the
// mapping, both targets and verify, so metadata compares by string
// equality: keys sorted at every depth, no spaces, numbers as float64
// printed the way JavaScript prints them (1.0 is 1, 1e2 is 100: what a
// Licentric server stores and returns), strings in UTF-8 without HTML
// escapes (\u00e9 is é). "" for an empty object.
func CanonicalJSON(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil { // encoding/json sorts map keys
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// CanonicalMetadata decodes a JSON object and returns its canonical form.
func CanonicalMetadata(raw []byte) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", err
	}
	if m == nil {
		return "", fmt.Errorf("not a JSON object")
	}
	return CanonicalJSON(m)
}

// SortLicenses orders licenses by key bytes, the plan's deterministic order.
// It sorts compact (8-byte key prefix, index) pairs, comparing whole keys
// only when prefixes tie, then moves each license once: much cheaper than
// swapping 250-byte structs and chasing pointers a million times.
func SortLicenses(ls []License) {
	if slices.IsSortedFunc(ls, func(a, b License) int { return strings.Compare(string(a.Key), string(b.Key)) }) {
		return
	}
	type entry struct {
		prefix uint64
		idx    int32
	}
	es := make([]entry, len(ls))
	for i := range ls {
		es[i] = entry{prefix: keyPrefix(string(ls[i].Key)), idx: int32(i)}
	}
	slices.SortFunc(es, func(a, b entry) int {
		switch {
		case a.prefix < b.prefix:
			return -1
		case a.prefix > b.prefix:
			return 1
		}
		if c := strings.Compare(string(ls[a.idx].Key), string(ls[b.idx].Key)); c != 0 {
			return c
		}
		return int(a.idx - b.idx) // equal keys keep input order, so duplicates report stably
	})
	idx := make([]int32, len(es))
	for i, e := range es {
		idx[i] = e.idx
	}
	es = nil
	permute(ls, idx)
}

// keyPrefix packs a key's first 8 bytes big-endian, so integer order
// agrees with byte-wise string order.
func keyPrefix(s string) uint64 {
	var p uint64
	for i := 0; i < 8; i++ {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}

// permute applies a permutation in place, cycle by cycle: position i
// takes the element at idx[i]. No second million-license slice is needed.
func permute(ls []License, idx []int32) {
	for i := range idx {
		if idx[i] < 0 {
			continue
		}
		tmp, j := ls[i], i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				ls[j] = tmp
				break
			}
			ls[j], j = ls[k], k
		}
	}
}

// ParseTime reads FormatTime's exact form quickly (the store holds a
// million of them) and falls back to time.Parse for anything else.
func ParseTime(s string) (time.Time, error) {
	if len(s) == len(TimeLayout) && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[23] == 'Z' {
		var v [7]int
		ok := true
		for i, span := range [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 23}} {
			for _, c := range []byte(s[span[0]:span[1]]) {
				if c < '0' || c > '9' {
					ok = false
				}
				v[i] = v[i]*10 + int(c-'0')
			}
		}
		if ok && v[1] >= 1 && v[1] <= 12 && v[2] >= 1 && v[2] <= 31 && v[3] < 24 && v[4] < 60 && v[5] < 60 {
			t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], v[6]*1e6, time.UTC)
			if t.Day() == v[2] { // time.Date turns 2024-02-31 into 2 March: that is not this date
				return t, nil
			}
		}
	}
	return time.Parse(TimeLayout, s)
}
