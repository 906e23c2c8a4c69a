package tabular

import (
	"context"
	"fmt"
	"hash"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
)

// Spec is what a platform adds to the shared reader: which column names
// mean which canonical field, a per-record fix-up for the platform's own
// conventions (sentinels, flags), and optionally its own JSON layout.
type Spec struct {
	Platform string
	// Aliases lists, per field, normalized column names in priority order.
	Aliases map[providers.Field][]string
	// Fix adjusts a record after columns are mapped; an error is about
	// that row only.
	Fix func(r *providers.Record) error
	// AliasesFor, when set, picks aliases from the header row instead of
	// Aliases (Cryptlex v2 files use "Total Activations" for the limit).
	AliasesFor func(header []string) map[providers.Field][]string
	// JSON reads a JSON document in the platform's own shape. When nil,
	// JSON items are flattened to dotted paths and mapped like CSV columns.
	JSON func(ls *Licenses, out Output) error
	// MissingHint words the warning for n licenses (first few at first)
	// whose related resource rel was not in their document; live says
	// the documents came from the API rather than from files.
	MissingHint func(rel string, n int, first []string, live bool) string
	// Related are the resource types whose own list pages, read beside
	// the licenses, are joined to them by relationship id (Keygen:
	// users, policies, products; see related.go).
	Related []string
	// Lists are the relationship lists ("policies/entitlements": one
	// policy's entitlements) whose pages, named by their links.self, are
	// kept as their owner's list (see relationlist.go).
	Lists []string
	// NotLicenses, when set, reports whether a file of the glob holds
	// something the platform reads elsewhere (its device pages): the
	// license reader leaves it out (leaveout.go).
	NotLicenses func(path, shown string) (bool, error)
}

// Output is where a platform's JSON reader sends what it reads.
type Output struct {
	Emit func(*providers.Record)
	Warn func(string)
	// Missing notes that the license at "at" points at a related
	// resource (owner, policy, product) its document does not include.
	// The source sums these up over every file or page, one warning per
	// relation, rather than one per page.
	Missing func(rel, at string)
	// Reject makes the license at line a row error: it is not emitted.
	Reject func(line int, err error)
	// OwnersOptional is the source's owners: optional (a license whose
	// owner was not read is then Missing, not rejected).
	OwnersOptional bool
}

// Source is a providers.Source over one or more export files.
type Source struct {
	cfg    config.Source
	dir    string
	spec   Spec
	report providers.ReadReport
	pages  pageSet
	// missing counts licenses per relation whose related resource was
	// not included, with the first few positions.
	missing map[string]*missingRel
	// pager, when set, makes this a live source: pages come from the
	// platform's API instead of files (see live.go).
	pager Pager
	// catalog maps product ids to names, from a live source's catalog
	// pages, for platforms whose licenses carry only the id.
	catalog map[string]string
	// digest, dataSum, digestBuf: the live data digest (DataDigest).
	digest    hash.Hash
	dataSum   string
	digestBuf []byte
	// digests are the SHA-256 of each export file the last Records
	// opened, by path, taken from the bytes it read (FileDigest).
	digests map[string]*fileDigest
	// globbed are the export files the last Records found (ExportFiles).
	globbed []string
	// keyCounts are SizeHint's per-file license estimates, which size a
	// streamed JSON file's item list before it is read.
	keyCounts map[string]int
	// hint is SizeHint's answer once made (hinted): the engine and the
	// mapping both ask, and each asking scanned every file.
	hint   int
	hinted bool
	// related indexes the resources read from their own list pages
	// (Spec.Related), nil when there were none.
	related *jsonindex.Related
	// file, when set, is the one file read, named as it is, never as a
	// glob (see NewFileSource).
	file string
}

var _ providers.Source = (*Source)(nil)

// NewSource reads the files of a config source with a platform's spec.
// dir is the config's directory, used to show paths relative to it.
func NewSource(cfg config.Source, dir string, spec Spec) *Source {
	return &Source{cfg: cfg, dir: dir, spec: spec}
}

// NewFileSource reads the one file at path with a platform's spec, for a
// reader of files a program listed (a saved event): a glob built from a
// name would need escaping, and a backslash escapes nothing on Windows,
// where it separates folders.
func NewFileSource(cfg config.Source, dir string, spec Spec, path string) *Source {
	cfg.Glob = path
	return &Source{cfg: cfg, dir: dir, spec: spec, file: path}
}

// files are the files the source reads: its one file, or its glob's.
func (s *Source) files() ([]string, error) {
	if s.file != "" {
		return []string{s.file}, nil
	}
	return Glob(s.cfg.Glob)
}

// Name is the config source name.
func (s *Source) Name() string { return s.cfg.Name }

// Platform is keygen, cryptlex, lemonsqueezy or csv.
func (s *Source) Platform() string { return s.cfg.Platform }

// Report describes what was read.
func (s *Source) Report() *providers.ReadReport { return &s.report }

// Display shows a path relative to the config file when it is below it.
func (s *Source) Display(path string) string {
	if rel, err := filepath.Rel(s.dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// Records streams every record of every file.
func (s *Source) Records(ctx context.Context) iter.Seq2[*providers.Record, error] {
	return func(yield func(*providers.Record, error) bool) {
		s.report = providers.ReadReport{}
		s.pages, s.missing, s.digests, s.globbed = pageSet{}, map[string]*missingRel{}, map[string]*fileDigest{}, nil
		if s.pager != nil {
			if s.readLive(ctx, yield) {
				s.warnMissing(true)
			}
			return
		}
		files, err := s.files()
		s.globbed = slices.Clone(files)
		if err == nil {
			files, err = s.leaveOut(files)
		}
		if err == nil {
			files, err = s.readRelatedFiles(files)
		}
		if err != nil {
			yield(nil, fmt.Errorf("source %s: %w", s.cfg.Name, err))
			return
		}
		for _, f := range files {
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			if !s.readFile(ctx, f, yield) {
				return
			}
		}
		if err := s.pages.check(); err != nil {
			yield(nil, fmt.Errorf("source %s: %w", s.cfg.Name, err))
			return
		}
		s.warnMissing(false)
	}
}

func (s *Source) readFile(ctx context.Context, path string, yield func(*providers.Record, error) bool) bool {
	display := s.Display(path)
	s.report.Files = append(s.report.Files, display)
	o, err := s.openDigested(path, display)
	if err != nil {
		return yield(nil, err)
	}
	defer o.Close()
	if o.Encoding != "" {
		s.report.Encoding = o.Encoding
	}
	o.itemsHint, o.ctx = s.keyCounts[path], ctx
	if o.Format == JSON {
		return s.readJSON(ctx, o, yield)
	}
	return s.readCSV(ctx, o, yield)
}

func (s *Source) emit(rec *providers.Record, yield func(*providers.Record, error) bool) bool {
	s.report.Rows++
	if s.catalog != nil {
		s.nameProduct(rec)
	}
	if s.spec.Fix != nil {
		if err := s.spec.Fix(rec); err != nil {
			return yield(nil, &providers.RowError{File: rec.File, Line: rec.Line, Err: err})
		}
	}
	return yield(rec, nil)
}
