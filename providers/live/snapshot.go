package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/tabular"
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
}

// ManifestPage is one saved page.
type ManifestPage struct {
	File   string `yaml:"file"`
	Kind   string `yaml:"kind"`
	Number int    `yaml:"number"`
	SHA256 string `yaml:"sha256"`
}

// PageFile names a saved page: licenses-000001.json, products-000001.json.
func PageFile(kind string, n int) string { return fmt.Sprintf("%s-%06d.json", kind, n) }

// Writer saves one source's pages into a temporary directory beside the
// snapshot and moves it into place only when the whole read succeeded,
// so a failed pull never leaves a partial snapshot that looks whole.
type Writer struct {
	final, tmp string
	man        Manifest
}

// NewWriter starts the snapshot of src under dir/<source name>.
func NewWriter(dir string, src config.Source) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, "."+src.Name+".partial-")
	if err != nil {
		return nil, err
	}
	return &Writer{final: filepath.Join(dir, src.Name), tmp: tmp,
		man: Manifest{Source: src.Name, Platform: src.Platform, URL: src.API.URL}}, nil
}

// Save writes one page; it is the pager's Options.Save.
func (w *Writer) Save(p tabular.LivePage) error {
	name := PageFile(p.Kind, p.Number)
	if err := os.WriteFile(filepath.Join(w.tmp, name), p.Body, 0o600); err != nil {
		return err
	}
	sum := sha256.Sum256(p.Body)
	w.man.Pages = append(w.man.Pages, ManifestPage{File: name, Kind: p.Kind, Number: p.Number, SHA256: hex.EncodeToString(sum[:])})
	return nil
}

// Commit writes the manifest and moves the snapshot into place,
// replacing an older one of the same source.
func (w *Writer) Commit(takenAt time.Time, version, digest string) (string, error) {
	w.man.TakenAt, w.man.ToolVersion, w.man.SHA256 = takenAt.UTC().Truncate(time.Second), version, digest
	out, err := yaml.Marshal(w.man)
	if err != nil {
		return "", err
	}
	head := "# A snapshot written by licentric-sync pull: every page as the API answered it.\n" +
		"# It holds license keys and customer emails: keep it out of Git.\n"
	if err := os.WriteFile(filepath.Join(w.tmp, ManifestName), append([]byte(head), out...), 0o600); err != nil {
		return "", err
	}
	old := w.final + ".old"
	_ = os.RemoveAll(old)
	if _, err := os.Stat(w.final); err == nil {
		if err := os.Rename(w.final, old); err != nil {
			return "", err
		}
	}
	if err := os.Rename(w.tmp, w.final); err != nil {
		return "", err
	}
	return w.final, os.RemoveAll(old)
}

// Abort removes what was saved.
func (w *Writer) Abort() { _ = os.RemoveAll(w.tmp) }

// Pages is how many pages were saved.
func (w *Writer) Pages() int { return len(w.man.Pages) }

// fromSnapshot delivers the pages of the snapshot pull took of this
// source, checked against its manifest: a page missing or changed, or a
// snapshot of another source or URL, is an error, never a partial read.
func (p *Pager) fromSnapshot(ctx context.Context, deliver func(tabular.LivePage) error) error {
	dir := filepath.Join(p.opts.Snapshot, p.src.Name)
	man, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	mpath := filepath.Join(dir, ManifestName)
	switch {
	case man.Source != p.src.Name || man.Platform != p.src.Platform:
		return fmt.Errorf("%s is a snapshot of source %s (%s), not of %s (%s)", mpath, man.Source, man.Platform, p.src.Name, p.src.Platform)
	case man.URL != p.src.API.URL:
		return fmt.Errorf("%s was pulled from %s, but the config reads %s: pull again", mpath, man.URL, p.src.API.URL)
	}
	for _, pg := range man.Pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := readPage(filepath.Join(dir, filepath.Base(pg.File)), pg.SHA256)
		if err != nil {
			return fmt.Errorf("snapshot %s: %w; pull again", dir, err)
		}
		if err := deliver(tabular.LivePage{Kind: pg.Kind, Number: pg.Number, Body: body}); err != nil {
			return err
		}
	}
	if sum := hex.EncodeToString(p.digest.Sum(nil)); sum != man.SHA256 {
		return fmt.Errorf("snapshot %s: the pages' digest is %s, the manifest says %s; pull again", dir, sum, man.SHA256)
	}
	return nil
}

// ReadManifest reads a snapshot's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	raw, err := os.ReadFile(path)
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
		return nil, fmt.Errorf("%s has no sha256: the pull did not finish; pull again", path)
	}
	return &m, nil
}

// readPage reads a saved page and checks it against its digest.
func readPage(path, want string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, MaxPageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxPageBytes {
		return nil, fmt.Errorf("%s is larger than any page", filepath.Base(path))
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != want {
		return nil, fmt.Errorf("%s changed since it was pulled", filepath.Base(path))
	}
	return body, nil
}
