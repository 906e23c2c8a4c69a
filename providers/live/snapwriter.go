package live

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Writer saves one source's pages into a temporary directory beside the
// snapshot and moves it into place only when the whole read succeeded,
// so a failed pull never leaves a partial snapshot that looks whole.
// Every path it writes, renames or removes is checked, after cleaning,
// to lie inside the output folder.
type Writer struct {
	dir, final, tmp string
	force           bool
	man             Manifest
	// devices digests the device pages saved (Manifest.DevicesSHA256);
	// nil until one is.
	devices hash.Hash
}

// ExistsError is a snapshot already in place that pull was not told to
// replace: it is the rollback point of a migration.
type ExistsError struct{ Dir string }

// Error says why pull stops and the two ways on (--force or -o).
func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already holds a snapshot, the rollback point of a migration; pull does not replace it silently: pass --force to replace it, or -o another folder", e.Dir)
}

// Prepare checks, before any request, that src's snapshot may be written
// under dir: a name that stays inside dir, and no snapshot already there
// unless force. It removes what an interrupted pull of src left behind
// (.NAME.partial-* and .NAME.replaced-* folders).
func Prepare(dir, name string, force bool) (final string, err error) {
	if strings.HasPrefix(name, ".") || strings.ContainsAny(name, `/\`) || name == "" {
		return "", fmt.Errorf("source name %q cannot be a folder name: it must not start with '.' or hold a slash", name)
	}
	if final, err = inside(dir, filepath.Join(dir, name)); err != nil {
		return "", err
	}
	for _, pat := range []string{".partial-*", ".replaced-*"} {
		left, _ := filepath.Glob(filepath.Join(dir, "."+name+pat))
		for _, p := range left {
			if p, err = inside(dir, p); err != nil {
				return "", err
			}
			if err := os.RemoveAll(p); err != nil {
				return "", fmt.Errorf("remove %s, left by an interrupted pull: %w", p, err)
			}
		}
	}
	if _, err := os.Lstat(final); err == nil && !force {
		return "", &ExistsError{Dir: final}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return final, nil
}

// inside returns p cleaned if it lies strictly inside dir, else an error:
// the guard on every path a pull touches.
func inside(dir, p string) (string, error) {
	dir, p = filepath.Clean(dir), filepath.Clean(p)
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || strings.ContainsRune(rel, filepath.Separator) {
		return "", fmt.Errorf("%s is not a folder directly inside the snapshot folder %s; refusing to write there", p, dir)
	}
	return p, nil
}

// NewWriter starts the snapshot of src under dir/<source name>; see
// Prepare for what it refuses. With force, Commit replaces an existing
// snapshot.
func NewWriter(dir string, src config.Source, force bool) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	final, err := Prepare(dir, src.Name, force)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(dir, "."+src.Name+".partial-")
	if err != nil {
		return nil, err
	}
	if _, err := inside(dir, tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{dir: dir, final: final, tmp: tmp, force: force,
		man: Manifest{Source: src.Name, Platform: src.Platform, URL: src.API.URL}}, nil
}

// Save writes one page; it is the pager's Options.Save.
func (w *Writer) Save(p tabular.LivePage) error {
	name := PageFile(p.Kind, p.Number)
	if err := os.WriteFile(filepath.Join(w.tmp, name), p.Body, 0o600); err != nil {
		return err
	}
	if p.Kind == DevicesPage {
		if w.devices == nil {
			w.devices = sha256.New()
		}
		digestPage(w.devices, p)
	}
	sum := sha256.Sum256(p.Body)
	w.man.Pages = append(w.man.Pages, ManifestPage{File: name, Kind: p.Kind, Number: p.Number, SHA256: hex.EncodeToString(sum[:])})
	return nil
}

// Commit writes the manifest and moves the snapshot into place. An
// older one is replaced only with force (one that appeared while this
// pull ran is refused too); it is moved aside first and removed once
// the new one is in place.
func (w *Writer) Commit(takenAt time.Time, version, digest string) (string, error) {
	w.man.TakenAt, w.man.ToolVersion, w.man.SHA256 = takenAt.UTC().Truncate(time.Second), version, digest
	if w.devices != nil {
		w.man.DevicesSHA256 = hex.EncodeToString(w.devices.Sum(nil))
	}
	out, err := yaml.Marshal(w.man)
	if err != nil {
		return "", err
	}
	head := "# A snapshot written by licentric-sync pull: every page as the API answered it.\n" +
		"# It holds license keys and customer emails: keep it out of Git.\n"
	if err := os.WriteFile(filepath.Join(w.tmp, ManifestName), append([]byte(head), out...), 0o600); err != nil {
		return "", err
	}
	old := ""
	if _, err := os.Lstat(w.final); err == nil {
		if !w.force {
			return "", &ExistsError{Dir: w.final}
		}
		suffix := strings.TrimPrefix(filepath.Base(w.tmp), "."+w.man.Source+".partial-")
		if old, err = inside(w.dir, filepath.Join(w.dir, "."+w.man.Source+".replaced-"+suffix)); err != nil {
			return "", err
		}
		if err := os.Rename(w.final, old); err != nil {
			return "", err
		}
	}
	if err := os.Rename(w.tmp, w.final); err != nil {
		return "", err
	}
	if old == "" {
		return w.final, nil
	}
	return w.final, os.RemoveAll(old)
}

// Abort removes what was saved.
func (w *Writer) Abort() { _ = os.RemoveAll(w.tmp) }

// Pages is how many pages were saved.
func (w *Writer) Pages() int { return len(w.man.Pages) }
