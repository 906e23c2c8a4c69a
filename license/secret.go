package license

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"unsafe"
)

// Key is a license key: a secret that customers paste into their apps. It is
// kept byte-for-byte (case-sensitive, never trimmed) and prints as a short
// stable reference, so a stray %v or log line cannot leak it.
type Key string

// MaxKeyBytes is the longest license key the tool accepts: Keygen's
// custom keys go up to 16 KiB, the most any source platform issues.
// Licentric's own limit is not documented; this is our assumption
// (docs/licentric-api.md), and anything longer is a wrong column.
const MaxKeyBytes = 16 << 10

// Reveal returns the key itself. Call it only where the raw key must cross
// a boundary: the target, a saved plan file, or --show-sensitive output.
func (k Key) Reveal() string { return string(k) }

// Ref is the stable short reference shown instead of the key, e.g.
// "key:3f9a1c2b5d7e9f01": reviewers can tell licenses apart without
// seeing keys, and plan --explain finds a license by it (or a prefix).
func (k Key) Ref() string { return Ref("key", string(k)) }

// String redacts; see Ref.
func (k Key) String() string { return k.Ref() }

// GoString redacts too, so %#v in a debug print stays safe.
func (k Key) GoString() string { return k.Ref() }

// Format makes every fmt verb redact, including %s, %v, %q and %x.
func (k Key) Format(f fmt.State, verb rune) { fmt.Fprint(f, k.Ref()) }

// KeyRefDigits is how many hex digits of SHA-256 a license key's
// reference keeps: 64 bits, so a million keys share one only with odds of
// about 3 in 100 million (32 bits collided at 100k licenses), and a
// reference names one license. Emails, names and values keep RefDigits:
// they are told apart within a message, never looked up.
const (
	KeyRefDigits = 16
	RefDigits    = 8
)

// Ref returns class:first-hex-digits-of-sha256(value), the one redaction
// format used for keys, emails and names everywhere (plans, logs,
// errors): KeyRefDigits for class key, RefDigits for the others. The
// same value always gives the same reference, run after run.
func Ref(class, value string) string {
	if value == "" {
		return ""
	}
	// Hash the string's bytes in place: a million keys are hashed per plan.
	sum := sha256.Sum256(unsafe.Slice(unsafe.StringData(value), len(value)))
	n := RefDigits
	if class == "key" {
		n = KeyRefDigits
	}
	return class + ":" + hex.EncodeToString(sum[:n/2])
}

// Redactor decides how sensitive values are shown. The zero value redacts;
// Show is set only by --show-sensitive.
type Redactor struct {
	Show bool
}

// Key shows a license key or its reference.
func (r Redactor) Key(k Key) string {
	if r.Show {
		return string(k)
	}
	return k.Ref()
}

// Email shows an email address or its reference.
func (r Redactor) Email(s string) string { return r.pii("email", s) }

// Name shows a person's name or its reference.
func (r Redactor) Name(s string) string { return r.pii("name", s) }

func (r Redactor) pii(class, s string) string {
	if r.Show || s == "" {
		return s
	}
	return Ref(class, s)
}
