package plan

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/licentric/licentric-sync/license"
)

// savedLicense is a license as a plan file stores it: raw key and personal
// data included, which is why plan files are written with mode 0600.
type savedLicense struct {
	Key                 string         `json:"key"`
	Name                string         `json:"name,omitempty"`
	Status              license.Status `json:"status"`
	Product             string         `json:"product"`
	Policy              string         `json:"policy"`
	UserEmail           string         `json:"userEmail,omitempty"`
	UserName            string         `json:"userName,omitempty"`
	ExpiresAt           string         `json:"expiresAt,omitempty"`
	CreatedAt           string         `json:"createdAt,omitempty"`
	MaxMachinesOverride *int           `json:"maxMachinesOverride,omitempty"`
	Metadata            string         `json:"metadata,omitempty"`
	// Entitlements: absent is the policy's, [] is none.
	Entitlements *[]string      `json:"entitlements,omitempty"`
	Origin       license.Origin `json:"origin"`
}

type savedChange struct {
	Change
	Product *license.Product `json:"product,omitempty"`
	Policy  *license.Policy  `json:"policy,omitempty"`
	License *savedLicense    `json:"license,omitempty"`
}

// savedHeader is the first line of a plan file; one line per change
// follows (JSON Lines), so a million-change plan is written and read
// without holding a second copy of it.
type savedHeader struct {
	Plan
	Changes  int    `json:"changes"`
	Checksum string `json:"checksum"`
}

// Write stores a plan so `apply PLANFILE` can run exactly it later.
// checksum is the plan's checksum if the caller has it ("" computes it).
func Write(w io.Writer, p *Plan, checksum string) error {
	if checksum == "" {
		checksum = p.Checksum()
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	head := savedHeader{Plan: *p, Changes: len(p.Changes), Checksum: checksum}
	head.Plan.Changes = nil
	if err := enc.Encode(head); err != nil {
		return err
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		sc := savedChange{Change: *c, Product: c.Product, Policy: c.Policy}
		if c.License != nil {
			sc.License = save(c.License)
		}
		if err := enc.Encode(sc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Read loads a whole saved plan (for show) and checks it was not
// altered: the checksum it carries must match its content.
// The changes are read one by one as the file holds them: the count the
// header states is checked against them, never used to allocate.
func Read(r io.Reader) (*Plan, error) {
	var p *Plan
	var changes []Change
	_, err := scan(r, func(head *Plan) { p = head }, func(c *Change) { changes = append(changes, *c) })
	if err != nil {
		return nil, err
	}
	p.Changes = changes
	return p, nil
}

// scan reads a plan file: the header, then exactly the changes it
// announces, then nothing more, streaming each change through the
// checksum, which covers the header as well. It refuses unknown fields,
// a negative count, trailing data and any mismatch; sensitivity classes
// come from field names, not from the file.
func scan(r io.Reader, header func(*Plan), change func(*Change)) (string, error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<20))
	dec.DisallowUnknownFields()
	head, err := readHead(dec)
	if err != nil {
		return "", err
	}
	p := head.Plan
	header(&p)
	cs := newChecksummer(&p)
	for i := 0; i < head.Changes; i++ {
		c, err := readChange(dec, i, head.Changes)
		if err != nil {
			return "", err
		}
		cs.add(&c)
		change(&c)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", fmt.Errorf("plan file: data after the %d changes its header announces; the file was altered or is not a plan file", head.Changes)
	}
	if got := cs.sum(); got != head.Checksum {
		return "", fmt.Errorf("plan file was modified after it was written (checksum %s, content %s); plan again", head.Checksum, got)
	}
	return head.Checksum, nil
}

func readHead(dec *json.Decoder) (*savedHeader, error) {
	var head savedHeader
	if err := dec.Decode(&head); err != nil {
		return nil, fmt.Errorf("not a licentric-sync plan file: %w", err)
	}
	if head.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("plan format version %q is not supported by this version (wants %q); plan again", head.FormatVersion, FormatVersion)
	}
	if head.Changes < 0 {
		return nil, fmt.Errorf("plan file: the header announces %d changes; the file was altered or is not a plan file", head.Changes)
	}
	if head.Plan.Changes != nil {
		return nil, errors.New("plan file: changes belong on their own lines, not in the header; the file was altered")
	}
	return &head, nil
}

func readChange(dec *json.Decoder, i, n int) (Change, error) {
	var sc savedChange
	if err := dec.Decode(&sc); err != nil {
		return Change{}, fmt.Errorf("plan file: change %d of %d: %w", i+1, n, err)
	}
	c := sc.Change
	c.Product, c.Policy = sc.Product, sc.Policy
	for j := range c.Fields {
		c.Fields[j].Sensitivity = SensitivityOf(c.Fields[j].Field)
	}
	if sc.License != nil {
		l, err := load(sc.License)
		if err != nil {
			return Change{}, fmt.Errorf("plan file: change %d: %w", i+1, err)
		}
		c.License = l
	}
	return c, nil
}

func save(l *license.License) *savedLicense {
	s := &savedLicense{Key: string(l.Key), Name: l.Name, Status: l.Status, Product: l.Product, Policy: l.Policy,
		UserEmail: l.UserEmail, UserName: l.UserName, ExpiresAt: license.FormatTime(l.ExpiresAt),
		CreatedAt: license.FormatTime(l.CreatedAt), MaxMachinesOverride: l.MaxMachinesOverride, Metadata: l.Metadata, Origin: l.Origin}
	if l.Entitlements != nil {
		s.Entitlements = &l.Entitlements
	}
	return s
}

func load(s *savedLicense) (*license.License, error) {
	l := &license.License{Key: license.Key(s.Key), Name: s.Name, Status: s.Status, Product: s.Product, Policy: s.Policy,
		UserEmail: s.UserEmail, UserName: s.UserName, MaxMachinesOverride: s.MaxMachinesOverride, Metadata: s.Metadata, Origin: s.Origin}
	if s.Entitlements != nil {
		l.Entitlements = append([]string{}, *s.Entitlements...)
	}
	var err error
	if l.ExpiresAt, err = parseOptTime(s.ExpiresAt); err != nil {
		return nil, err
	}
	if l.CreatedAt, err = parseOptTime(s.CreatedAt); err != nil {
		return nil, err
	}
	return l, nil
}

// Checksum identifies exactly this plan: its changes (with raw values),
// the target fingerprint and the input digests. `apply --ack` accepts a
// blocked plan only when the fresh plan has the acknowledged checksum.
func (p *Plan) Checksum() string {
	cs := newChecksummer(p)
	for i := range p.Changes {
		cs.add(&p.Changes[i])
	}
	return cs.sum()
}

type checksummer struct {
	h   hash.Hash
	buf []byte
}

// newChecksummer starts a checksum with everything a plan says besides
// its changes (the header a saved plan shows: target, inputs, summary,
// estimate, diagnostics, counts), so no part of what show renders can be
// edited under a matching checksum line.
func newChecksummer(p *Plan) *checksummer {
	cs := &checksummer{h: sha256.New(), buf: make([]byte, 0, 1024)}
	head := *p
	head.Changes = nil
	_ = json.NewEncoder(cs.h).Encode(head)
	return cs
}

func (cs *checksummer) add(c *Change) {
	cs.buf = appendChange(cs.buf[:0], c)
	cs.h.Write(cs.buf)
}

func (cs *checksummer) sum() string { return "sha256:" + hex.EncodeToString(cs.h.Sum(nil)) }

// ReadHeader reads a saved plan's header and checks the whole file's
// integrity by streaming its changes through the checksum, without
// keeping them: apply then runs the fresh plan whose checksum is equal,
// so a million-change plan file is never held in memory twice.
func ReadHeader(r io.Reader) (*Plan, string, error) {
	var p *Plan
	sum, err := scan(r, func(head *Plan) { p = head }, func(*Change) {})
	if err != nil {
		return nil, "", err
	}
	return p, sum, nil
}

// appendChange serialises every field a plan file holds for a change
// (the sensitivity classes aside, which are derived from field names on
// read); cheaper than JSON for a million creates. Every string is
// length-prefixed and the optional parts are announced by a flags byte,
// so no edit can move bytes from one field to the next under the same
// checksum.
func appendChange(b []byte, c *Change) []byte {
	for _, s := range []string{string(c.Kind), string(c.Action), c.ID, string(c.StatusAction), c.Reason} {
		b = appendString(b, s)
	}
	var flags byte
	for i, set := range []bool{c.Adopt, c.License != nil, c.Policy != nil, c.Product != nil} {
		if set {
			flags |= 1 << i
		}
	}
	b = binary.AppendUvarint(append(b, flags), uint64(len(c.Fields)))
	for _, f := range c.Fields {
		b = appendString(appendString(appendString(b, f.Field), f.Before), f.After)
	}
	if l := c.License; l != nil {
		for _, s := range licenseStrings(l) {
			b = appendString(b, s)
		}
		b = appendLicenseNumbers(appendString(b, l.Origin.File), l)
		b = append(strconv.AppendInt(b, int64(l.Origin.Line), 10), 0)
	}
	if c.Policy != nil {
		pj, _ := json.Marshal(c.Policy)
		b = appendString(b, string(pj))
	}
	if c.Product != nil {
		pj, _ := json.Marshal(c.Product)
		b = appendString(b, string(pj))
	}
	return append(b, '\n')
}

// appendString appends s with its length first.
func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
