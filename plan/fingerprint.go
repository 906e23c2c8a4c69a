package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strconv"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// Fingerprint hashes a target snapshot. Two snapshots with the same
// content have the same fingerprint whatever their order, so a saved plan
// can tell whether the target moved since it was computed. Compute gives
// the same value for the same state as it streams the licenses.
func Fingerprint(s *license.Snapshot) string {
	fp := newFingerprinter(s.Products, s.Policies)
	ls := s.Licenses
	if !sort.SliceIsSorted(ls, func(i, j int) bool { return ls[i].Key < ls[j].Key }) {
		ls = append([]license.License(nil), ls...)
		license.SortLicenses(ls)
	}
	for i := range ls {
		fp.add(&ls[i])
	}
	return fp.sum()
}

// fingerprinter hashes products, policies, then licenses in key order.
type fingerprinter struct {
	h   hash.Hash
	buf []byte
}

func newFingerprinter(products []license.Product, policies []license.PolicyState) *fingerprinter {
	f := &fingerprinter{h: sha256.New(), buf: make([]byte, 0, 512)}
	ps := append([]license.Product(nil), products...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Code < ps[j].Code })
	for _, p := range ps {
		fmt.Fprintf(f.h, "P\x00%s\x00%s\x00%s\n", p.Code, p.Name, p.KeyPrefix)
	}
	ys := append([]license.PolicyState(nil), policies...)
	sort.Slice(ys, func(i, j int) bool { return ys[i].ID < ys[j].ID })
	for _, p := range ys {
		fmt.Fprintf(f.h, "Y\x00%s\x00%s\x00%s\x00%d\x00%s\x00%v\x00%v\n", p.ID, p.Product, p.Name, p.MaxMachines, optInt(p.DurationDays), p.Fields, p.Managed)
	}
	return f
}

func (f *fingerprinter) add(l *license.License) {
	f.buf = appendLicense(f.buf[:0], l)
	f.h.Write(f.buf)
}

func (f *fingerprinter) sum() string { return "sha256:" + hex.EncodeToString(f.h.Sum(nil)) }

func appendLicense(b []byte, l *license.License) []byte {
	for _, s := range licenseStrings(l) {
		b = append(b, s...)
		b = append(b, 0)
	}
	return appendLicenseNumbers(b, l)
}

// licenseStrings are a license's text fields, in the one order the
// fingerprint and the plan checksum hash them.
func licenseStrings(l *license.License) [11]string {
	return [11]string{string(l.Key), l.Name, string(l.Status), l.Product, l.Policy, l.UserEmail, l.UserName, l.Metadata,
		l.Origin.Source, l.Origin.Platform, l.Origin.SourceID}
}

// appendLicenseNumbers appends the times and the machine override, each
// ended by a NUL (digits and dots only: the ends are unambiguous).
func appendLicenseNumbers(b []byte, l *license.License) []byte {
	b = append(appendInstant(b, l.ExpiresAt), 0)
	b = append(appendInstant(b, l.CreatedAt), 0)
	if l.MaxMachinesOverride != nil {
		b = strconv.AppendInt(b, int64(*l.MaxMachinesOverride), 10)
	}
	if l.Entitlements != nil { // absent before entitlements: old fingerprints and checksums hold
		b = append(b, 0, 'E')
		for _, c := range l.Entitlements {
			b = append(append(b, c...), 0)
		}
	}
	return append(b, '\n')
}

// appendInstant encodes a timestamp exactly (seconds and nanoseconds
// since the epoch, any year) for hashing; nil appends nothing. It is not
// a display form, and cheaper than formatting a million of them.
func appendInstant(b []byte, t *time.Time) []byte {
	if t == nil {
		return b
	}
	b = strconv.AppendInt(b, t.Unix(), 10)
	return strconv.AppendInt(append(b, '.'), int64(t.Nanosecond()), 10)
}

func parseOptTime(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(license.TimeLayout, s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
