package config

import "strings"

// FoldWord folds a source word (a status, a flag) for lookup: case and
// surrounding space never matter ("Disabled", " disabled"). The config's
// statuses: keys and the mapping's lookups use this one definition.
func FoldWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
