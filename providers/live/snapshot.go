package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/providers/tabular"
	"github.com/licentric/licentric-sync/smallfile"
)

// A snapshot is what pull saves of one live source: every page exactly
// as the API answered it, one file per page (the platform's own JSON,
// readable by a path: source), and a manifest that says where and when
// it was taken and the digest of each page. Files are 0600 in a 0700
// directory: they hold every key and customer email.

// ManifestName is the snapshot's manifest; it is YAML so a path: glob of
// *.json never reads it as an export.
const ManifestName = "snapshot.yaml"

// Manifest is a snapshot's provenance and table of contents.
type Manifest struct {
	Source      string         `yaml:"source"`
	Platform    string         `yaml:"platform"`
	URL         string         `yaml:"url"`
	TakenAt     time.Time      `yaml:"taken_at"`
	ToolVersion string         `yaml:"tool_version"`
	Pages       []ManifestPage `yaml:"pages"`
	// SHA256 is the digest of every page in order (Pager.Digest), which
	// a read of the snapshot must reproduce.
	SHA256 string `yaml:"sha256"`
	// DevicesSHA256 is the digest of the device pages in order (kind
	// devices, not in SHA256); "" when the pull saved none.
	DevicesSHA256 string `yaml:"devices_sha256,omitempty"`
}

// ManifestPage is one saved page.
type ManifestPage struct {
	File   string `yaml:"file"`
	Kind   string `yaml:"kind"`
	Number int    `yaml:"number"`
	SHA256 string `yaml:"sha256"`
}

// PageFile names a saved page: licenses-000001.json, products-000001.json,
// devices-000001.json.
func PageFile(kind string, n int) string { return fmt.Sprintf("%s-%06d.json", kind, n) }

// fromSnapshot delivers the pages of the snapshot pull took of this
// source, checked against its manifest: a page missing or changed, or a
// snapshot of another source or URL, is an error, never a partial read.
func (p *Pager) fromSnapshot(ctx context.Context, deliver func(tabular.LivePage) error) error {
	dir, man, err := p.manifest()
	if err != nil {
		return err
	}
	for _, pg := range man.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if pg.Kind == DevicesPage {
			continue // Devices reads them
		}
		body, err := readPage(filepath.Join(dir, filepath.Base(pg.File)), pg.SHA256)
		if err != nil {
			return fmt.Errorf("snapshot %s: %w; pull again with --force", dir, err)
		}
		if err := deliver(tabular.LivePage{Kind: pg.Kind, Number: pg.Number, Body: body}); err != nil {
			return err
		}
	}
	if sum := hex.EncodeToString(p.digest.Sum(nil)); sum != man.SHA256 {
		return fmt.Errorf("snapshot %s: the pages' digest is %s, the manifest says %s; pull again with --force", dir, sum, man.SHA256)
	}
	return nil
}

// manifest reads the manifest of this source's snapshot and its folder:
// a snapshot of another source or URL is an error.
func (p *Pager) manifest() (string, *Manifest, error) {
	dir := filepath.Join(p.opts.Snapshot, p.src.Name)
	man, err := ReadManifest(dir)
	if err != nil {
		return "", nil, err
	}
	mpath := filepath.Join(dir, ManifestName)
	switch {
	case man.Source != p.src.Name || man.Platform != p.src.Platform:
		return "", nil, fmt.Errorf("%s is a snapshot of source %s (%s), not of %s (%s)", mpath, man.Source, man.Platform, p.src.Name, p.src.Platform)
	case man.URL != p.src.API.URL:
		return "", nil, fmt.Errorf("%s was pulled from %s, but the config reads %s: pull again with --force", mpath, man.URL, p.src.API.URL)
	}
	return dir, man, nil
}

// MaxManifestBytes bounds a snapshot's manifest (about 120 bytes a
// page: over a hundred thousand pages), so a snapshot.yaml linked to
// /dev/zero fails instead of filling memory.
const MaxManifestBytes = 16 << 20

// ReadManifest reads a snapshot's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	raw, err := smallfile.Read(path, MaxManifestBytes)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: not a snapshot written by pull (run licentric-sync pull -o %s)", path, filepath.Dir(dir))
	}
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.SHA256 == "" {
		return nil, fmt.Errorf("%s has no sha256: the pull did not finish; pull again with --force", path)
	}
	return &m, nil
}

// readPage reads a saved page and checks it against its digest.
func readPage(path, want string) ([]byte, error) {
	body, err := smallfile.Read(path, MaxPageBytes) // a FIFO in its place would block: refused as exports are
	if errors.Is(err, smallfile.ErrTooLarge) {
		return nil, fmt.Errorf("%s is larger than any page", filepath.Base(path))
	}
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != want {
		return nil, fmt.Errorf("%s changed since it was pulled", filepath.Base(path))
	}
	return body, nil
}
