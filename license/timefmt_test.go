package license

import (
	"testing"
	"time"
)

func TestSortLicensesByteOrder(t *testing.T) {
	keys := []Key{"b", "AB", "a", "AB\x00", "ABCDEFGHZ", "ABCDEFGHA", "ab", "", "a"}
	ls := make([]License, len(keys))
	for i, k := range keys {
		ls[i] = License{Key: k, Name: string(rune('0' + i))}
	}
	SortLicenses(ls)
	want := []string{"", "AB", "AB\x00", "ABCDEFGHA", "ABCDEFGHZ", "a", "a", "ab", "b"}
	for i, w := range want {
		if string(ls[i].Key) != w {
			t.Fatalf("position %d: got %q want %q (all: %v)", i, ls[i].Key, w, ls)
		}
	}
	if ls[5].Name != "2" || ls[6].Name != "8" {
		t.Fatalf("equal keys lost input order: %q %q", ls[5].Name, ls[6].Name)
	}
}

func TestParseTimeRoundTrip(t *testing.T) {
	for _, s := range []string{"2031-01-05T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2024-02-29T12:34:56.007Z"} {
		tm, err := ParseTime(s)
		if err != nil || FormatTime(&tm) != s {
			t.Fatalf("%s: got %v %v", s, tm, err)
		}
	}
	for _, bad := range []string{"2031-13-05T00:00:00.000Z", "2031-01-05T00:00:00.00xZ", "nope"} {
		if _, err := ParseTime(bad); err == nil {
			t.Fatalf("%s: no error", bad)
		}
	}
}

// FuzzParseTime holds the fast parser equal to time.Parse: same instant
// for what both accept, and an error for what time.Parse refuses (such as
// 2024-02-31, which time.Date would quietly turn into 2 March).
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-02-31T00:00:00.000Z", "2024-02-29T12:34:56.007Z", "2023-02-29T00:00:00.000Z",
		"2031-01-05T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-01-01T24:00:00.000Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		want, werr := time.Parse(TimeLayout, s)
		if (err == nil) != (werr == nil) {
			t.Fatalf("ParseTime(%q) error %v, time.Parse error %v", s, err, werr)
		}
		if err == nil && !got.Equal(want) {
			t.Fatalf("ParseTime(%q) = %s, time.Parse = %s", s, got, want)
		}
	})
}
