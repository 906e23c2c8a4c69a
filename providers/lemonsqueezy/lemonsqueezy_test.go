package lemonsqueezy_test

import (
	"testing"

	"github.com/licentric/licentric-sync/providers/lemonsqueezy"
	"github.com/licentric/licentric-sync/providers/readertest"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"titlecase.csv", "snake-tab.tsv", "api-page.json",
		"incomplete-pages.json", "single-resource.json", "orders-included.json", "license-api-answers.jsonl"} {
		t.Run(name, func(t *testing.T) { readertest.Golden(t, lemonsqueezy.New, "lemonsqueezy", name) })
	}
}

func FuzzLemonSqueezy(f *testing.F) { readertest.Fuzz(f, lemonsqueezy.New, "lemonsqueezy") }
