package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/licentric/licentric-sync/license"
)

// Fingerprint hashes a target snapshot. Two snapshots with the same
// content have the same fingerprint whatever their order, so a saved plan
// can tell whether the target moved since it was computed.
func Fingerprint(s *license.Snapshot) string {
	h := sha256.New()
	products := append([]license.Product(nil), s.Products...)
	sort.Slice(products, func(i, j int) bool { return products[i].Code < products[j].Code })
	for _, p := range products {
		fmt.Fprintf(h, "P\x00%s\x00%s\x00%s\n", p.Code, p.Name, p.KeyPrefix)
	}
	policies := append([]license.PolicyState(nil), s.Policies...)
	sort.Slice(policies, func(i, j int) bool { return policies[i].ID < policies[j].ID })
	for _, p := range policies {
		fmt.Fprintf(h, "Y\x00%s\x00%s\x00%s\x00%d\x00%s\x00%v\x00%v\n", p.ID, p.Product, p.Name, p.MaxMachines, optInt(p.DurationDays), p.Fields, p.Managed)
	}
	ls := s.Licenses
	if !sort.SliceIsSorted(ls, func(i, j int) bool { return ls[i].Key < ls[j].Key }) {
		ls = append([]license.License(nil), ls...)
		license.SortLicenses(ls)
	}
	buf := make([]byte, 0, 512)
	for i := range ls {
		buf = appendLicense(buf[:0], &ls[i])
		h.Write(buf)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func appendLicense(b []byte, l *license.License) []byte {
	for _, s := range []string{string(l.Key), l.Name, string(l.Status), l.Product, l.Policy, l.UserEmail, l.UserName,
		license.FormatTime(l.ExpiresAt), optInt(l.MaxMachinesOverride), l.Metadata, l.Origin.Source, l.Origin.Platform, l.Origin.SourceID} {
		b = append(b, s...)
		b = append(b, 0)
	}
	return append(b, '\n')
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
