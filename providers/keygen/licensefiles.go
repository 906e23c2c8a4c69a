package keygen

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/keygen/keysig"
)

// maxLicenseFileBytes bounds one file read: a license file holds one
// license document and a few includes.
const maxLicenseFileBytes = 1 << 20

// fileCheck verifies the account's license files against the licenses
// read: Keygen's checkout names each <license id>.lic, so a file is
// matched to its license by name, verified with the account's public
// keys (decrypted with the license's key when encrypted) and its
// document's expiry and policy compared with the license's record.
type fileCheck struct {
	// byID are the files not yet matched, by license id.
	byID                        map[string]string
	misnamed                    []string
	bad, unread, expiry, policy group
	checked                     int
}

// newFileCheck lists the files of glob; "" checks none.
func newFileCheck(glob string) (*fileCheck, error) {
	f := &fileCheck{byID: map[string]string{}}
	if glob == "" {
		return f, nil
	}
	paths, err := filepath.Glob(glob)
	if err != nil {
		return nil, fmt.Errorf("license_files %q: %w", glob, err)
	}
	for _, p := range paths {
		id, ok := strings.CutSuffix(filepath.Base(p), ".lic")
		if !ok || id == "" {
			f.misnamed = append(f.misnamed, filepath.Base(p))
			continue
		}
		f.byID[id] = p
	}
	return f, nil
}

// check verifies the file of the record's license, if there is one.
func (f *fileCheck) check(keys keysig.PublicKeys, r *providers.Record, l *license.License) {
	path, ok := f.byID[r.Value(providers.FID)]
	if !ok {
		return
	}
	delete(f.byID, r.Value(providers.FID))
	f.checked++
	at := func() string { return filepath.Base(path) + " (" + l.Key.Ref() + " at " + l.Origin.At() + ")" }
	text, err := readBounded(path)
	if err != nil {
		f.unread.add(func() string { return at() + ": " + err.Error() })
		return
	}
	doc, err := keysig.VerifyLicenseFile(keys, text, string(l.Key))
	switch {
	case errors.Is(err, keysig.ErrSignature):
		f.bad.add(at)
		return
	case err != nil:
		f.unread.add(func() string { return at() + ": " + err.Error() })
		return
	}
	claims, err := keysig.FileClaims(doc)
	if err != nil {
		f.unread.add(func() string { return at() + ": " + err.Error() })
		return
	}
	compareRecord(claims, r, l, &f.expiry, &f.policy, at)
}

// readBounded reads a file of at most maxLicenseFileBytes.
func readBounded(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxLicenseFileBytes+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxLicenseFileBytes {
		return "", fmt.Errorf("larger than %d bytes, which no license file is", maxLicenseFileBytes)
	}
	return string(b), nil
}

// findings words what the file check found.
func (f *fileCheck) findings() []string {
	var out []string
	for _, k := range []struct {
		g    *group
		what string
	}{
		{&f.bad, "license files fail their signature check with the account's public key: an app that verifies them offline rejects them"},
		{&f.unread, "license files could not be checked"},
		{&f.expiry, "license files hold an expiry that differs from the platform's record: an app verifying offline trusts the file until it is checked out again"},
		{&f.policy, "license files hold a policy that differs from the platform's record"},
	} {
		if k.g.n > 0 {
			out = append(out, fmt.Sprintf("%d %s; first: %s", k.g.n, k.what, strings.Join(k.g.examples, ", ")))
		}
	}
	if len(f.byID) > 0 {
		ids := slices.Sorted(func(yield func(string) bool) {
			for id := range f.byID {
				if !yield(id) {
					return
				}
			}
		})
		out = append(out, fmt.Sprintf("%d license files name no license the source read (Keygen names each <license id>.lic); first: %s",
			len(ids), strings.Join(ids[:min(len(ids), maxExamples)], ", ")))
	}
	if len(f.misnamed) > 0 {
		out = append(out, fmt.Sprintf("%d files under license_files are not named <license id>.lic, so no license is matched to them; first: %s",
			len(f.misnamed), strings.Join(f.misnamed[:min(len(f.misnamed), maxExamples)], ", ")))
	}
	return out
}
