package tabular

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/pipeline"
	"github.com/licentric/licentric-sync/providers"
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
	// keyCounts are SizeHint's per-file license estimates, which size a
	// streamed JSON file's item list before it is read.
	keyCounts map[string]int
	// hint is SizeHint's answer once made (hinted): the engine and the
	// mapping both ask, and each asking scanned every file.
	hint   int
	hinted bool
	// related indexes the resources read from their own list pages
	// (Spec.Related), nil when there were none.
	related *includes
}

var _ providers.Source = (*Source)(nil)

// NewSource reads the files of a config source with a platform's spec.
// dir is the config's directory, used to show paths relative to it.
func NewSource(cfg config.Source, dir string, spec Spec) *Source {
	return &Source{cfg: cfg, dir: dir, spec: spec}
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

// SizeHint estimates the number of records so the mapping can size its
// slice once instead of growing it (and copying a million licenses)
// repeatedly. The row length is measured on the first bytes of the first
// file, not assumed; the hint never exceeds what the files' sizes allow
// at that length, and a file with no line breaks hints nothing.
func (s *Source) SizeHint() int {
	if !s.hinted {
		s.hint, s.hinted = s.sizeHint(), true
	}
	return s.hint
}

func (s *Source) sizeHint() int {
	files, err := Glob(s.cfg.Glob)
	if err != nil || len(files) == 0 {
		return 0
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && st.Mode().IsRegular() {
			total += st.Size()
		}
	}
	if counts, ok := jsonKeyCount(files); ok {
		n := 0
		for _, c := range counts {
			n += c
		}
		s.keyCounts = counts
		return min(n, int(total/minHintRow)) // a file of nothing but "key" must not reserve more than a CSV could
	}
	perRow := sampleRowLength(files[0])
	if perRow == 0 {
		return 0
	}
	// A hint is an allocation made before anything is read: short lines
	// at the head of a huge file must not reserve more than a few times
	// the file's size, so rows count as at least minHintRow bytes.
	return int(total / max(perRow, minHintRow))
}

// jsonKeyCount estimates a JSON export's licenses as the number of
// "key" members its files hold (every platform names the license key so;
// owners and policies have none), scanning the bytes without parsing:
// lines would count a JSON:API dump's included owners as licenses too,
// and a memory budget sized for them is memory the collector never
// reclaims. ok is false when the first file is not JSON.
func jsonKeyCount(files []string) (map[string]int, bool) {
	if !isJSONFile(files[0]) {
		return nil, false
	}
	counts := map[string]int{}
	buf := make([]byte, 256<<10) // counting is memory-bound: a larger buffer reads no faster
	needle := []byte(`"key"`)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		carry, n := 0, 0
		for {
			m, err := f.Read(buf[carry:])
			chunk := buf[:carry+m]
			n += bytes.Count(chunk, needle)
			// keep a needle's length minus one, so a match across two reads counts once
			carry = copy(buf, chunk[max(0, len(chunk)-len(needle)+1):])
			if err != nil {
				break
			}
		}
		f.Close()
		counts[path] = n
	}
	return counts, true
}

// isJSONFile reports whether a file's first non-space byte opens JSON.
func isJSONFile(path string) bool {
	t := fileHead(path, 512)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// fileHead is up to n first bytes of a file, after a UTF-8 byte-order
// mark and white space.
func fileHead(path string, n int) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, n)
	m, _ := io.ReadFull(f, head)
	return bytes.TrimLeft(bytes.TrimPrefix(head[:m], []byte("\ufeff")), " \t\r\n")
}

// minHintRow bounds SizeHint: with a license costing about 200 bytes in
// memory, the reservation stays within ~3× the files' size.
const minHintRow = 64

// hintSample is how much of a file SizeHint reads to measure rows.
const hintSample = 64 << 10

// sampleRowLength is the mean line length over the first hintSample
// bytes of path, or 0 when that holds fewer than two lines.
func sampleRowLength(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	buf := make([]byte, hintSample)
	n, _ := io.ReadFull(f, buf)
	lines := int64(countLines(buf[:n]))
	if lines < 2 {
		return 0
	}
	return int64(n) / lines
}

// Records streams every record of every file.
func (s *Source) Records(ctx context.Context) iter.Seq2[*providers.Record, error] {
	return func(yield func(*providers.Record, error) bool) {
		s.report = providers.ReadReport{}
		s.pages, s.missing = pageSet{}, map[string]*missingRel{}
		if s.pager != nil {
			if s.readLive(ctx, yield) {
				s.warnMissing(true)
			}
			return
		}
		files, err := Glob(s.cfg.Glob)
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
	o, err := OpenFile(path, display)
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

// csvBatch carries parsed records from the reading goroutine to the
// mapping, so parsing and mapping use both cores. Records are reused.
type csvBatch struct {
	recs []providers.Record
	// bad[i] is a row error in place of recs[i] (a row with the wrong
	// number of cells): reading goes on, so every such row is reported.
	bad []error
	n   int
	err error
	eof bool
}

const batchSize, batchesInFlight = 512, 4

func (s *Source) readCSV(ctx context.Context, o *Open, yield func(*providers.Record, error) bool) bool {
	cr, err := NewCSV(o)
	if err != nil {
		return yield(nil, err)
	}
	s.report.Format, s.report.Delimiter = "csv", DelimiterName(cr.Delimiter)
	m, err := s.resolve(NewColumns(cr.Header), o.Path, len(s.report.Files) == 1)
	if err != nil {
		return yield(nil, err)
	}
	if m.idx[providers.FKey] < 0 {
		return yield(nil, fmt.Errorf("%s: no column holds the license key; %s; name it with columns: { key: \"<header>\" }",
			o.Path, describeHeader(cr.Header)))
	}
	pool := pipeline.NewRecycle(batchesInFlight, func() *csvBatch {
		return &csvBatch{recs: make([]providers.Record, batchSize), bad: make([]error, batchSize)}
	})
	going := true
	_ = pipeline.Ordered(context.Background(), 0, func(ctx context.Context, submit func(func() *csvBatch) error) error {
		for {
			b, err := pool.Get(ctx)
			if err != nil {
				return err
			}
			parseCSV(cr, m, o.Path, b)
			if err := submit(func() *csvBatch { return b }); err != nil || b.eof || b.err != nil {
				return err
			}
		}
	}, func(b *csvBatch) bool {
		if ctx.Err() != nil { // Ctrl-C: seen between batches, not at the end of the file
			going = yield(nil, fmt.Errorf("%s: reading stopped: %w", o.Path, context.Cause(ctx)))
			return false
		}
		going = s.takeCSV(b, o.Path, yield)
		pool.Put(b)
		return going && b.err == nil
	})
	return going
}

// takeCSV yields a parsed batch's records and row errors; it reports
// whether the consumer wants more. A batch that ends with an error ends
// the file.
func (s *Source) takeCSV(b *csvBatch, path string, yield func(*providers.Record, error) bool) bool {
	for i := 0; i < b.n; i++ {
		if b.bad[i] != nil {
			if !yield(nil, &providers.RowError{File: path, Line: b.recs[i].Line, Err: b.bad[i]}) {
				return false
			}
			continue
		}
		if !s.emit(&b.recs[i], yield) {
			return false
		}
	}
	if b.err == nil {
		return true
	}
	var le *LineError
	if errors.As(b.err, &le) {
		// A broken quote desynchronises the rest of the file, so
		// report it and stop reading this file.
		yield(nil, &providers.RowError{File: path, Line: le.Line, Err: le.Err})
		return false
	}
	return yield(nil, fmt.Errorf("%s: %w", path, b.err))
}

// parseCSV fills b with the next rows (on the pipeline's producer, while
// the records of the batch before are mapped).
func parseCSV(cr *CSVReader, m *columnMap, file string, b *csvBatch) {
	b.n, b.err, b.eof = 0, nil, false
	for b.n < len(b.recs) {
		row, line, err := cr.Next()
		if errors.Is(err, io.EOF) {
			b.eof = true
			return
		}
		b.bad[b.n] = nil
		var ce *CountError
		switch {
		case errors.As(err, &ce):
			b.recs[b.n].Line, b.bad[b.n] = line, err
		case err != nil:
			b.err = err
			return
		default:
			m.fill(&b.recs[b.n], row, file, line)
		}
		b.n++
	}
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

func (s *Source) readJSON(ctx context.Context, o *Open, yield func(*providers.Record, error) bool) bool {
	doc, err := readJSONDoc(o)
	if err != nil {
		return yield(nil, err)
	}
	for _, p := range doc.Pages {
		s.pages.add(p, o.Path)
	}
	if err := s.joinRelated(doc); err != nil {
		return yield(nil, fmt.Errorf("%s: %w", o.Path, err))
	}
	if s.spec.JSON != nil && doc.marked {
		return s.readChunks(ctx, doc, o.Path, yield)
	}
	return s.readDoc(doc, o.Path, yield)
}

// readDoc reads the licenses of one JSON document, from a file or a page.
func (s *Source) readDoc(doc *jsonDoc, path string, yield func(*providers.Record, error) bool) bool {
	if err := doc.expand(); err != nil { // a list marked for chunks, read by a reader that takes it whole
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	if err := s.joinRelated(doc); err != nil {
		return yield(nil, fmt.Errorf("%s: %w", path, err))
	}
	if s.spec.JSON != nil && isJSONAPI(doc) {
		s.report.Format = "json:api"
		going := true // records go out as they are made; a reader error after some still fails the read
		out := Output{
			Emit: func(r *providers.Record) {
				if going {
					going = s.emit(r, yield)
				}
			},
			Warn:    func(w string) { s.report.Warnings = append(s.report.Warnings, w) },
			Missing: s.noteMissing,
			Reject: func(line int, err error) {
				if going {
					going = yield(nil, &providers.RowError{File: path, Line: line, Err: err})
				}
			},
			OwnersOptional: s.cfg.OwnersOptional,
		}
		if err := s.spec.JSON(&Licenses{doc: doc, file: path}, out); err != nil {
			return going && yield(nil, err)
		}
		return going
	}
	s.report.Format = "json"
	for i, it := range doc.Items {
		raw, err := doc.Load(it)
		if err != nil {
			return yield(nil, fmt.Errorf("%s: %w", license.Position(path, it.Line), err))
		}
		if problem := license.JSONTextProblem(string(raw)); problem != "" {
			// a decode would replace it with U+FFFD: refused, as in CSV
			if !yield(nil, &providers.RowError{File: path, Line: it.Line, Err: fmt.Errorf("the license holds %s", problem)}) {
				return false
			}
			continue
		}
		keys, values, err := Flatten(raw)
		if err != nil {
			if !yield(nil, &providers.RowError{File: path, Line: it.Line, Err: fmt.Errorf("not a JSON object: %v", err)}) {
				return false
			}
			continue
		}
		m, err := s.resolve(NewColumns(keys), path, i == 0 && s.report.Rows == 0)
		if err != nil {
			return yield(nil, err)
		}
		if !s.emit(m.record(values, path, it.Line), yield) {
			return false
		}
	}
	return true
}

// columnMap says which column feeds which field for one header row.
type columnMap struct {
	idx   [providers.NumFields]int
	names *[providers.NumFields]string
}

func (m *columnMap) record(row []string, file string, line int) *providers.Record {
	r := new(providers.Record)
	m.fill(r, row, file, line)
	return r
}

// fill overwrites r with one row's values.
func (m *columnMap) fill(r *providers.Record, row []string, file string, line int) {
	*r = providers.Record{File: file, Line: line, Columns: m.names}
	for f, i := range m.idx {
		if i < 0 {
			continue
		}
		v := ""
		if i < len(row) {
			v = row[i]
		}
		r.Put(providers.Field(f), v)
	}
}

// resolve maps fields to columns: columns: overrides first, then aliases.
func (s *Source) resolve(cols *Columns, file string, describe bool) (*columnMap, error) {
	m := &columnMap{names: new([providers.NumFields]string)}
	used := map[int]bool{}
	var uses []providers.ColumnUse
	for f := providers.Field(0); f < providers.NumFields; f++ {
		m.idx[f] = -1
		if name, ok := s.cfg.Columns[f.String()]; ok {
			i, found := cols.Named(name)
			if !found {
				return nil, fmt.Errorf("%s: columns: %s names %q, which is not a column; %s",
					file, f, name, describeHeader(cols.Header()))
			}
			m.idx[f], m.names[f] = i, cols.Header()[i]
			used[i] = true
			uses = append(uses, providers.ColumnUse{Field: f.String(), Column: cols.Header()[i], Override: true})
		}
	}
	aliases := s.spec.Aliases
	if s.spec.AliasesFor != nil {
		aliases = s.spec.AliasesFor(cols.Header())
	}
	for f := providers.Field(0); f < providers.NumFields; f++ {
		if m.idx[f] >= 0 {
			continue
		}
		if i, ok := cols.Find(aliases[f]); ok && !used[i] {
			m.idx[f], m.names[f] = i, cols.Header()[i]
			used[i] = true
			uses = append(uses, providers.ColumnUse{Field: f.String(), Column: cols.Header()[i]})
		}
	}
	if describe {
		s.report.Columns = uses
		s.report.Unused = nil
		for i, h := range cols.Header() {
			if !used[i] {
				s.report.Unused = append(s.report.Unused, h)
			}
		}
		sort.Strings(s.report.Unused)
	}
	return m, nil
}
