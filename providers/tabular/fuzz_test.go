package tabular

import (
	"errors"
	"github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the shared reading layer: encoding
// and format detection, delimiter sniffing, CSV rows with positions, JSON
// items with lines, and header matching. Nothing may panic or hang.
func FuzzRead(f *testing.F) {
	for _, seed := range []string{
		"\ufeffkey;email\r\nA;a@example.com\r\n",
		"key,note\n\"A,1\",\"multi\nline\"\n",
		"\xff\xfek\x00e\x00y\x00\n\x00",
		`{"data": [{"type": "licenses", "attributes": {"key": "A"}}], "included": []}`,
		`[{"key": "A", "user": {"email": "a@example.com"}, "metadata": [{"key": "k", "value": "v"}]}]`,
		"key\n\"unterminated",
		"[1, 2",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		o, err := OpenFile(path, "x")
		if err != nil {
			return
		}
		defer o.Close()
		if o.Format == JSON {
			if doc, err := jsonindex.Read(o.input()); err == nil {
				for _, it := range doc.Items {
					raw, _ := doc.Load(it)
					if keys, _, objects, err := Flatten(raw); err == nil {
						c := newFlatColumns(keys, objects)
						c.Find([]string{"key"})
						c.objectAt([]string{"key"}, map[int]bool{})
					}
				}
				_ = doc.IndexIncluded()
			}
			return
		}
		cr, err := NewCSV(o)
		if err != nil {
			return
		}
		NewColumns(cr.Header).Find([]string{"useremail", "email"})
		for i := 0; i < 10000; i++ {
			_, line, err := cr.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				return
			}
			if line < 2 {
				t.Fatalf("a data row on line %d", line)
			}
		}
	})
}
