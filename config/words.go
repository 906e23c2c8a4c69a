package config

import "strings"

// normWord folds a source status word for lookup: case and surrounding
// space never matter ("Disabled", " disabled").
func normWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormWord is normWord for other packages that look up statuses: maps.
func NormWord(s string) string { return normWord(s) }
