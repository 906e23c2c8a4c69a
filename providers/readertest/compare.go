package readertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/licentric/licentric-sync/providers"
)

// Stream is everything a source yields, in order, for comparing two
// reads of the same licenses (a streamed file and a whole one): lines,
// values, errors and warnings, with the file's name replaced by FILE so
// two copies of one export compare equal.
type Stream struct {
	Lines    []int
	Values   [][providers.NumFields]string
	Errs     []string
	Warnings []string
}

// Collect reads src to the end; path is the file whose name is hidden.
func Collect(src providers.Source, path string) Stream {
	base := filepath.Base(path)
	var out Stream
	for rec, err := range src.Records(context.Background()) {
		if err != nil {
			out.Errs = append(out.Errs, strings.ReplaceAll(err.Error(), base, "FILE"))
			continue
		}
		out.Lines, out.Values = append(out.Lines, rec.Line), append(out.Values, rec.Values)
	}
	for _, w := range src.Report().Warnings {
		out.Warnings = append(out.Warnings, strings.ReplaceAll(w, base, "FILE"))
	}
	return out
}

// UTF16 is text as a UTF-16LE file with its byte-order mark: the same
// export a reader decodes and reads whole instead of streaming it.
func UTF16(text string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, c := range utf16.Encode([]rune(text)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

// LicenseDump writes dir/dump.json, a JSON:API list of n licenses, each
// spread over several lines, with an attribute of pad bytes, and returns
// its path: the large streamed dump the tabular reader and its JSON
// index are tested on (chunks, cancellation, record limits).
func LicenseDump(t testing.TB, n, pad int) string {
	var b strings.Builder
	b.WriteString("{\"data\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  {\"type\": \"licenses\", \"id\": \"%d\",\n   \"attributes\": {\"key\": \"K-%d\", \"note\": %q}}", i, i, strings.Repeat("x", pad))
	}
	b.WriteString("\n], \"links\": {\"next\": null}}\n")
	path := filepath.Join(t.TempDir(), "dump.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
