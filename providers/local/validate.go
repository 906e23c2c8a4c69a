package local

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
)

// Validation codes, Licentric's documented set (the ones a store without
// machines can produce).
const (
	CodeValid               = "VALID"
	CodeExpired             = "EXPIRED"
	CodeSuspended           = "SUSPENDED"
	CodeRevoked             = "REVOKED"
	CodeBanned              = "BANNED"
	CodeNotFound            = "NOT_FOUND"
	CodeFingerprintNotFound = "FINGERPRINT_NOT_FOUND"
)

// Validate answers validate-key the way Licentric documents it: unknown
// key NOT_FOUND; banned, revoked, suspended by status; EXPIRED when the
// status says so or expiresAt has passed (still valid under the policy's
// ALLOW_ACCESS); a fingerprint with no activation FINGERPRINT_NOT_FOUND,
// since machines are never migrated; otherwise VALID. Expiry is decided
// at the store's Now.
func (s *Store) Validate(ctx context.Context, key license.Key, fingerprint string) (providers.Validation, error) {
	return s.ValidateAt(ctx, key, fingerprint, s.Now())
}

// ValidateAt is Validate with expiry decided at now: the sandbox answers
// on its own clock (sandbox.Options.Now), which tests pin.
func (s *Store) ValidateAt(ctx context.Context, key license.Key, fingerprint string, now time.Time) (providers.Validation, error) {
	var status, fields string
	var expires sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT l.status, l.expires_at, COALESCE(p.fields, '') FROM licenses l
		LEFT JOIN policies p ON p.id = l.policy_id WHERE l.key=? AND l.deleted_at IS NULL`, string(key)).Scan(&status, &expires, &fields)
	if errors.Is(err, sql.ErrNoRows) {
		return providers.Validation{Code: CodeNotFound}, nil
	}
	if err != nil {
		return providers.Validation{}, s.wrap("validate-key", err)
	}
	return decide(license.Status(status), expires, fields, fingerprint, now), nil
}

func decide(status license.Status, expires sql.NullString, fields, fingerprint string, now time.Time) providers.Validation {
	switch status {
	case license.Banned:
		return providers.Validation{Code: CodeBanned}
	case license.Revoked:
		return providers.Validation{Code: CodeRevoked}
	case license.Suspended:
		return providers.Validation{Code: CodeSuspended}
	}
	expired := status == license.Expired
	if expires.Valid {
		if t, err := time.Parse(license.TimeLayout, expires.String); err == nil && !t.After(now) {
			expired = true
		}
	}
	if expired {
		return providers.Validation{Code: CodeExpired, Valid: allowAccess(fields)}
	}
	if fingerprint != "" {
		return providers.Validation{Code: CodeFingerprintNotFound}
	}
	return providers.Validation{Valid: true, Code: CodeValid}
}

func allowAccess(fields string) bool {
	var f map[string]string
	if fields == "" || json.Unmarshal([]byte(fields), &f) != nil {
		return false
	}
	return f["expirationStrategy"] == `"ALLOW_ACCESS"`
}
