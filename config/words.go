package config

import "strings"

// normWord folds a source status word for lookup: case and surrounding
// space never matter ("Disabled", " disabled").
func normWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
