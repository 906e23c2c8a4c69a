package devices

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzIsPageAgrees: whatever a file holds, the license reader's look at
// it (IsPage) and the device reader (ReadFiles) agree on whose it is, so
// no file is read by both or dropped by both, and neither panics: a file
// IsPage leaves to the licenses gives no device and no error; one it
// takes gives devices or an error, or is an empty list its page declares
// one of devices (links.self); an error of IsPage is one of the
// device reader's too.
func FuzzIsPageAgrees(f *testing.F) {
	for _, seed := range []string{
		`[{"gadget":"l1"},{"gadget":"l2"}]`,
		`{"meta":{"page":{"currentPage":1,"lastPage":1,"total":1}},"data":[{"gadget":"l1"}]}`,
		`{"data":[{"gadget":"l1"}]}{"data":[{"key":"K"}]}`,
		`[{"key":"K"},{"gadget":"l1"}]`,
		`{"included":[{"gadget":"x"}],"data":[{"gadget":"l1"}`,
		`[{"gadget":"l1"},`, `{"data":{}}`, `[]`, "\ufeff[]", `"x"`,
		"\xff\xfe[\x00{\x00\"\x00g\x00a\x00d\x00g\x00e\x00t\x00\"\x00:\x00\"\x00l\x00\"\x00}\x00]\x00", "\xfe\xff\x00[\x00]",
		"{\"gadget\":\"l1\"}\n{\"gadget\":\"l2\"}\n", `{"data":[{"gadget":"l1"}]}{"gadget":"l2"}`,
		`{"data":[],"links":{"self":"/v1/gadgets?page[number]=1"}}`, `{"links":{"self":"/gadgets"},"data":[],"meta":{}}`,
	} {
		f.Add([]byte(seed))
	}
	spec := gadgets
	spec.Path = "/gadgets"
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "page.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		is, errIs := IsPage(spec, path, "page.json")
		ds, errRead := ReadFiles(spec, []string{path}, filepath.Base)
		switch {
		case errIs != nil && errRead == nil:
			t.Fatalf("IsPage refused it (%v), the device reader read %d devices", errIs, len(ds))
		case errIs == nil && !is && (errRead != nil || len(ds) > 0):
			t.Fatalf("left to the licenses, yet the device reader gave %d devices, %v", len(ds), errRead)
		case is && errRead == nil && len(ds) == 0 && !emptyList(bytes.TrimPrefix(data, []byte("\ufeff"))):
			t.Fatal("taken for a device page, yet the device reader read nothing")
		}
	})
}
