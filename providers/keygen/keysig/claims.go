package keysig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Claims are what a key or license file says about its license, as far
// as an app verifying it offline can read: Keygen's key templates
// ({{expiry}}, {{policy}}) put them in a JSON payload, license files
// carry the license document itself.
type Claims struct {
	// HasExpiry says the payload names an expiry at all; Expiry nil with
	// HasExpiry means it says "never".
	HasExpiry bool
	Expiry    *time.Time
	// Policy is the policy id the payload names ("" when it names none).
	Policy string
}

// Record is the platform's own record of the license, to compare with.
type Record struct {
	Expiry   *time.Time
	PolicyID string
}

// Mismatch is one way a key's claims differ from the record; the values
// are dates and ids, never the key.
type Mismatch struct {
	Field       string // "expiry" or "policy"
	Key, Record string
}

// String words the mismatch for a report line.
func (m Mismatch) String() string {
	return fmt.Sprintf("%s: the key says %s, the platform's record says %s", m.Field, m.Key, m.Record)
}

// expiryNames and policyNames are the payload members read as claims,
// compared without case: Keygen's templates are the user's own, so the
// spellings its docs and SDK examples use are all taken.
var (
	expiryNames = []string{"expiry", "expires", "expiresat", "exp"}
	policyNames = []string{"policy", "policyid"}
)

// KeyClaims reads the claims of a signed key's payload; a payload that is
// not a JSON object (a plain seed) has none, and ok is false.
func KeyClaims(payload []byte) (c Claims, ok bool, err error) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(payload, &obj) != nil {
		return Claims{}, false, nil
	}
	lower := make(map[string]json.RawMessage, len(obj))
	for k, v := range obj {
		lower[strings.ToLower(k)] = v
	}
	for _, n := range expiryNames {
		if v, has := lower[n]; has {
			c.HasExpiry = true
			if c.Expiry, err = parseExpiry(v); err != nil {
				return Claims{}, true, fmt.Errorf("key payload %q: %w", n, err)
			}
			break
		}
	}
	for _, n := range policyNames {
		if v, has := lower[n]; has {
			_ = json.Unmarshal(v, &c.Policy)
			break
		}
	}
	return c, true, nil
}

// FileClaims reads the claims of a license file's JSON:API document: the
// license's expiry attribute and its policy relationship (not meta.expiry,
// which is when the file itself runs out).
func FileClaims(doc []byte) (Claims, error) {
	var d struct {
		Data struct {
			Attributes struct {
				Expiry json.RawMessage `json:"expiry"`
			} `json:"attributes"`
			Relationships struct {
				Policy struct {
					Data *struct{ ID string } `json:"data"`
				} `json:"policy"`
			} `json:"relationships"`
		} `json:"data"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return Claims{}, fmt.Errorf("license file document: %w", err)
	}
	c := Claims{HasExpiry: d.Data.Attributes.Expiry != nil}
	var err error
	if c.Expiry, err = parseExpiry(d.Data.Attributes.Expiry); err != nil {
		return Claims{}, fmt.Errorf("license file document: expiry: %w", err)
	}
	if p := d.Data.Relationships.Policy.Data; p != nil {
		c.Policy = p.ID
	}
	return c, nil
}

// parseExpiry reads an expiry claim: RFC 3339 text, epoch seconds (a
// JWT-style "exp"), or null/"" for never.
func parseExpiry(v json.RawMessage) (*time.Time, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" || string(v) == `""` {
		return nil, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an RFC 3339 time", s)
		}
		return &t, nil
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s is neither a time nor epoch seconds", v)
	}
	t := time.Unix(n, 0).UTC()
	return &t, nil
}

// Compare lists how the claims differ from the record. Times within a
// second are equal: Keygen writes milliseconds and epoch claims have
// none. A claim the key does not make is not compared.
func Compare(c Claims, r Record) []Mismatch {
	var out []Mismatch
	if c.HasExpiry && !sameTime(c.Expiry, r.Expiry) {
		out = append(out, Mismatch{Field: "expiry", Key: timeText(c.Expiry), Record: timeText(r.Expiry)})
	}
	if c.Policy != "" && r.PolicyID != "" && c.Policy != r.PolicyID {
		out = append(out, Mismatch{Field: "policy", Key: c.Policy, Record: r.PolicyID})
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Sub(*b).Abs() < time.Second
}

func timeText(t *time.Time) string {
	if t == nil {
		return "never expires"
	}
	return t.UTC().Format(time.RFC3339)
}
