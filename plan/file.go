package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

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
	Origin              license.Origin `json:"origin"`
}

type savedChange struct {
	Change
	Product *license.Product `json:"product,omitempty"`
	Policy  *license.Policy  `json:"policy,omitempty"`
	License *savedLicense    `json:"license,omitempty"`
}

type savedPlan struct {
	Plan
	Changes  []savedChange `json:"changes"`
	Checksum string        `json:"checksum"`
}

// Write stores a plan so `apply PLANFILE` can run exactly it later.
func Write(w io.Writer, p *Plan) error {
	sp := savedPlan{Plan: *p, Checksum: p.Checksum()}
	sp.Changes = make([]savedChange, len(p.Changes))
	for i, c := range p.Changes {
		sp.Changes[i] = savedChange{Change: c, Product: c.Product, Policy: c.Policy}
		if c.License != nil {
			sp.Changes[i].License = save(c.License)
		}
	}
	enc := json.NewEncoder(w)
	return enc.Encode(sp)
}

// Read loads a saved plan and checks it was not altered: the checksum it
// carries must match its content.
func Read(r io.Reader) (*Plan, error) {
	var sp savedPlan
	if err := json.NewDecoder(r).Decode(&sp); err != nil {
		return nil, fmt.Errorf("not a licentric-sync plan file: %w", err)
	}
	if sp.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("plan format version %q is not supported by this version (wants %q); plan again", sp.FormatVersion, FormatVersion)
	}
	p := sp.Plan
	p.Changes = make([]Change, len(sp.Changes))
	for i, sc := range sp.Changes {
		c := sc.Change
		c.Product, c.Policy = sc.Product, sc.Policy
		if sc.License != nil {
			l, err := load(sc.License)
			if err != nil {
				return nil, fmt.Errorf("plan file: change %d: %w", i+1, err)
			}
			c.License = l
		}
		p.Changes[i] = c
	}
	if got := p.Checksum(); got != sp.Checksum {
		return nil, fmt.Errorf("plan file was modified after it was written (checksum %s, content %s); plan again", sp.Checksum, got)
	}
	return &p, nil
}

func save(l *license.License) *savedLicense {
	return &savedLicense{Key: string(l.Key), Name: l.Name, Status: l.Status, Product: l.Product, Policy: l.Policy,
		UserEmail: l.UserEmail, UserName: l.UserName, ExpiresAt: license.FormatTime(l.ExpiresAt),
		CreatedAt: license.FormatTime(l.CreatedAt), MaxMachinesOverride: l.MaxMachinesOverride, Metadata: l.Metadata, Origin: l.Origin}
}

func load(s *savedLicense) (*license.License, error) {
	l := &license.License{Key: license.Key(s.Key), Name: s.Name, Status: s.Status, Product: s.Product, Policy: s.Policy,
		UserEmail: s.UserEmail, UserName: s.UserName, MaxMachinesOverride: s.MaxMachinesOverride, Metadata: s.Metadata, Origin: s.Origin}
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
	h := sha256.New()
	enc := json.NewEncoder(h)
	_ = enc.Encode([]any{p.FormatVersion, p.TargetFingerprint, p.Inputs})
	buf := make([]byte, 0, 1024)
	for i := range p.Changes {
		buf = appendChange(buf[:0], &p.Changes[i])
		h.Write(buf)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// appendChange serialises everything a change would do, NUL-separated;
// cheaper than JSON for a million creates.
func appendChange(b []byte, c *Change) []byte {
	for _, s := range []string{string(c.Kind), string(c.Action), c.ID, string(c.StatusAction), c.Reason} {
		b = append(append(b, s...), 0)
	}
	if c.Adopt {
		b = append(b, 'A', 0)
	}
	for _, f := range c.Fields {
		b = append(append(append(append(append(append(b, f.Field...), 0), f.Before...), 0), f.After...), 0)
	}
	if c.License != nil {
		b = appendLicense(append(b, 'L', 0), c.License)
	}
	if c.Policy != nil {
		pj, _ := json.Marshal(c.Policy)
		b = append(append(b, 'Y', 0), pj...)
	}
	if c.Product != nil {
		pj, _ := json.Marshal(c.Product)
		b = append(append(b, 'P', 0), pj...)
	}
	return append(b, '\n')
}
