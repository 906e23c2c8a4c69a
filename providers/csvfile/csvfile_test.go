package csvfile_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/csvfile"
	"github.com/licentric/licentric-sync/providers/readertest"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"utf16.csv", "quoted-multiline.csv", "windows-1252.csv"} {
		t.Run(name, func(t *testing.T) { readertest.Golden(t, csvfile.New, "csv", name) })
	}
}

func FuzzCSV(f *testing.F) { readertest.Fuzz(f, csvfile.New, "csv") }
