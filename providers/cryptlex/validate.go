package cryptlex

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/compare"
	"github.com/licentric/licentric-sync/providers/httpx"
	"github.com/licentric/licentric-sync/providers/platform"
)

// validator judges a Cryptlex license from its record (see the compare
// row of docs/platforms.md). Cryptlex has no server call that validates
// a key: validity is a signed activation token the app checks on the
// device, and POST /activations would create an activation. So the
// license is read (GET /licenses/{id}, or the list filtered by key[eq]
// when the source has no id for it: reads that change nothing) and
// judged as LexActivator would decide it: revoked, suspended or expired
// is invalid, anything else valid. That is the tool's judgement, not the
// platform's answer, and the report says so.
var validator = &platform.Validator{
	Calls:  "Cryptlex: GET /licenses/{id}, or GET /licenses?key[eq]= for a license read without its id (reads; change nothing). Cryptlex has no server-side validate: revoked, suspended or expired is judged invalid, else valid",
	Judged: true,
	Check:  judge,
}

func judge(ctx context.Context, a platform.Asker, s platform.Subject) (platform.Verdict, error) {
	if s.ID == "" {
		return judgeByKey(ctx, a, s)
	}
	status, body, err := a.Ask(ctx, platform.Request{Method: http.MethodGet, Path: "/licenses/" + url.PathEscape(s.ID)})
	if err != nil {
		return platform.Verdict{}, err
	}
	if status == http.StatusNotFound {
		return platform.Verdict{Outcome: compare.Invalid, Code: "not found"}, nil
	}
	if status != http.StatusOK {
		return platform.Verdict{}, fmt.Errorf("GET /licenses/{id}: HTTP %d without revoked and suspended", status)
	}
	return judgeRecord(body, s.Now, "GET /licenses/{id}")
}

// judgeByKey judges a license the source read without its id (a CSV
// export without an id column, or a key only the validation log names):
// it is found by the list's key[eq] filter, a read like the record's.
// No match is a key Cryptlex does not know; two are no answer. The key
// rides in the query, so it is scrubbed from any error.
func judgeByKey(ctx context.Context, a platform.Asker, s platform.Subject) (platform.Verdict, error) {
	key := s.Key
	q := url.Values{"key[eq]": {string(key)}, "page": {"1"}, "limit": {"2"}}
	status, body, err := a.Ask(ctx, platform.Request{Method: http.MethodGet, Path: "/licenses", Query: q})
	if err != nil {
		return platform.Verdict{}, httpx.Scrub(err, string(key))
	}
	var found []json.RawMessage
	if status != http.StatusOK || json.Unmarshal(body, &found) != nil {
		return platform.Verdict{}, fmt.Errorf("GET /licenses?key[eq]=…: HTTP %d without a list of licenses", status)
	}
	if !sameKeys(found, string(key)) {
		return platform.Verdict{}, fmt.Errorf("GET /licenses?key[eq]=…: Cryptlex answered a license of another key, so it did not apply the key[eq] filter (a Web API before 3.44.0?); give the source its id column so compare reads the license by id")
	}
	switch len(found) {
	case 0:
		return platform.Verdict{Outcome: compare.Invalid, Code: "not found"}, nil
	case 1:
		return judgeRecord(found[0], s.Now, "GET /licenses?key[eq]=…")
	}
	return platform.Verdict{}, fmt.Errorf("GET /licenses?key[eq]=…: Cryptlex holds more than one license with this key; give the source its id column so compare can tell which")
}

// sameKeys reports whether every license of a key[eq] answer has the
// key asked for: a Cryptlex that ignores the filter answers others.
func sameKeys(found []json.RawMessage, key string) bool {
	for _, raw := range found {
		var l struct {
			Key *string `json:"key"`
		}
		if json.Unmarshal(raw, &l) != nil || l.Key == nil || *l.Key != key {
			return false
		}
	}
	return true
}

// judgeRecord decides on a license object as LexActivator would, expired
// meaning expiresAt before now (the run's time; zero: the wall clock).
func judgeRecord(body []byte, now time.Time, what string) (platform.Verdict, error) {
	if now.IsZero() {
		now = time.Now()
	}
	var rec struct {
		Revoked   *bool      `json:"revoked"`
		Suspended *bool      `json:"suspended"`
		ExpiresAt *time.Time `json:"expiresAt"`
	}
	if json.Unmarshal(body, &rec) != nil || rec.Revoked == nil || rec.Suspended == nil {
		return platform.Verdict{}, fmt.Errorf("%s: a license without revoked and suspended", what)
	}
	switch {
	case *rec.Revoked:
		return platform.Verdict{Outcome: compare.Invalid, Code: "revoked"}, nil
	case *rec.Suspended:
		return platform.Verdict{Outcome: compare.Invalid, Code: "suspended"}, nil
	case rec.ExpiresAt != nil && rec.ExpiresAt.Before(now):
		return platform.Verdict{Outcome: compare.Invalid, Code: "expired"}, nil
	}
	return platform.Verdict{Outcome: compare.Valid, Code: "judged valid"}, nil
}
