package mapping

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
)

func parseBool(s string) (bool, bool) {
	switch config.FoldWord(s) {
	case "true", "1", "yes", "y", "t":
		return true, true
	case "false", "0", "no", "n", "f", "":
		return false, true
	}
	return false, false
}

// isoLayouts are tried in order; fractions of any length are accepted by
// the .999999999 form, and a missing zone means UTC.
var isoLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

var localeDate = regexp.MustCompile(`^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$`)

var dateFormats = map[string]string{
	"DD/MM/YYYY": "2/1/2006", "MM/DD/YYYY": "1/2/2006", "DD.MM.YYYY": "2.1.2006", "YYYY/MM/DD": "2006/1/2",
}

// noExpiry are the cell values that mean "never expires".
var noExpiry = map[string]bool{"": true, "never": true, "null": true, "none": true, "-": true}

// parseTime reads a timestamp cell. It returns nil for "never"-style cells.
// A locale date like 03/04/2024 is refused unless dateFormat says how to
// read it: guessing day and month order would silently move expiries.
func parseTime(s, dateFormat string, show func(string) string) (*time.Time, error) {
	v := strings.TrimSpace(s)
	if noExpiry[strings.ToLower(v)] {
		return nil, nil
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			t = t.UTC().Truncate(time.Millisecond)
			return &t, nil
		}
	}
	if localeDate.MatchString(v) {
		if dateFormat == "" {
			dateFormat = onlyReading(v)
		}
		if dateFormat == "" {
			return nil, fmt.Errorf("%s is ambiguous (day and month order); set date_format: in the source, e.g. date_format: DD/MM/YYYY", show(v))
		}
		base := dateFormats[dateFormat]
		for _, layout := range []string{base, base + " 15:04", base + " 15:04:05", base + "T15:04:05"} {
			if t, err := time.Parse(layout, v); err == nil {
				t = t.UTC()
				return &t, nil
			}
		}
		return nil, fmt.Errorf("%s does not match date_format %s", show(v), dateFormat)
	}
	return nil, fmt.Errorf("%s is not a date; use RFC 3339 (2024-05-24T14:15:07Z), a date (2024-05-24) or Never", show(v))
}

// onlyReading is the date_format of a locale date that can be read only
// one way (13/01/2024 is the 13th of January; 2024/01/13 is year first),
// or "" when day and month could be swapped. An unambiguous date has one
// valid reading, so inferring it never moves an expiry.
func onlyReading(v string) string {
	date, _, _ := strings.Cut(strings.ReplaceAll(v, "T", " "), " ")
	sep := "/"
	if strings.Contains(date, ".") {
		sep = "."
	}
	parts := strings.Split(date, sep)
	if len(parts) != 3 {
		return ""
	}
	if len(parts[0]) == 4 {
		if sep == "/" {
			return "YYYY/MM/DD"
		}
		return ""
	}
	a, errA := strconv.Atoi(parts[0])
	b, errB := strconv.Atoi(parts[1])
	if errA != nil || errB != nil || len(parts[2]) != 4 {
		return ""
	}
	switch {
	case a > 12 && b <= 12 && sep == "/":
		return "DD/MM/YYYY"
	case a > 12 && b <= 12:
		return "DD.MM.YYYY"
	case b > 12 && a <= 12 && sep == "/":
		return "MM/DD/YYYY"
	}
	return ""
}

// limit is a machine limit read from an export: unset, unlimited or n.
type limit struct {
	set       bool
	unlimited bool
	n         int
}

// maxLimit is the largest machine limit: a 32-bit database integer, the
// bound Keygen itself validates (app/models/license.rb, policy.rb). A
// larger number in an export is a corrupted cell, not a limit to send.
const maxLimit = 1<<31 - 1

// parseLimit reads a machine limit: empty is unset; a whole number from 0
// to maxLimit or unlimited is a limit; anything else (a fraction, an
// exponent, a negative, an object) is refused for the caller to locate.
func parseLimit(s string, show func(string) string) (limit, error) {
	v := config.FoldWord(s)
	switch v {
	case "":
		return limit{}, nil
	case "unlimited", "infinite", "∞":
		return limit{set: true, unlimited: true}, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxLimit {
		return limit{}, fmt.Errorf("%s is not a machine limit; use a whole number from 0 to %d, or unlimited", show(s), maxLimit)
	}
	return limit{set: true, n: n}, nil
}

// checkEmail accepts local@domain.tld with no spaces and one @: loose on
// purpose, since exports hold addresses a mail server accepted.
func checkEmail(s string) error {
	if s == "" {
		return nil
	}
	at := strings.IndexByte(s, '@')
	ok := at > 0 && strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " \t\r\n<>,;")
	if ok {
		dom := s[at+1:]
		dot := strings.LastIndexByte(dom, '.')
		ok = dot > 0 && dot < len(dom)-1
	}
	if !ok {
		return fmt.Errorf("not a valid email address (value hidden; it is personal data)")
	}
	return nil
}
