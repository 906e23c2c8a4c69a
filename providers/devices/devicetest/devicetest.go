// Package devicetest reads a dump's files as a plan does, licenses and
// devices apart, for golden tests of a platform's device pages.
package devicetest

import (
	"path/filepath"
	"testing"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/readertest"
)

// Dump is what a dump's files give, read as a plan reads them: the
// licenses' reader and the devices' reader over the same glob.
type Dump struct {
	Licenses     readertest.Output `json:"licenses"`
	Devices      []devices.Device  `json:"devices"`
	DeviceErrors []string          `json:"device_errors,omitempty"`
}

// DumpGolden reads testdata/<dir>/*.json with the platform's license
// reader and its device reader, and compares both with
// testdata/<dir>.golden.json (-update rewrites it): a device page must
// be read as devices and never as licenses.
func DumpGolden(t *testing.T, ctor providers.SourceConstructor, platform string, spec devices.Spec, dir string) Dump {
	t.Helper()
	glob := filepath.Join("testdata", dir, "*.json")
	out := Dump{Licenses: readertest.Read(ctor, platform, glob, nil)}
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no file (%v)", glob, err)
	}
	ds, err := devices.ReadFiles(spec, files, func(f string) string { return filepath.Base(f) })
	if err != nil {
		out.DeviceErrors = append(out.DeviceErrors, err.Error())
	}
	out.Devices = ds
	readertest.MatchGolden(t, dir, out)
	return out
}
