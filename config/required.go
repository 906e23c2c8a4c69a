package config

import (
	"fmt"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// RequiredVersion is the config's required_version: the tool versions
// that may read it, so a team pins the build its plans were reviewed with
// (">= 0.3, < 1.0"). The zero value allows every version.
type RequiredVersion struct {
	// Text is the constraint as written, for messages.
	Text string
	// Line and Col locate it in the config.
	Line, Col int
	clauses   []clause
}

// clause is one comparison: an operator and a canonical semver.
type clause struct {
	op, version string
}

// operators in the order they must be tried (two-character ones first).
var operators = []string{">=", "<=", "!=", "~>", ">", "<", "="}

// ParseRequiredVersion reads a comma-separated list of comparisons, each
// an operator (=, !=, >, >=, <, <=, ~>) and a version (0.3, v0.3.1,
// 1.0.0-rc.1); a bare version means =. ~> 0.3 allows 0.3 and later 0.x,
// ~> 0.3.1 allows later 0.3.x, as in Terraform.
func ParseRequiredVersion(text string) (RequiredVersion, error) {
	rv := RequiredVersion{Text: text}
	for _, part := range strings.Split(text, ",") {
		part = strings.TrimSpace(part)
		op := "="
		for _, o := range operators {
			if strings.HasPrefix(part, o) {
				op, part = o, strings.TrimSpace(part[len(o):])
				break
			}
		}
		v := canonical(part)
		if v == "" {
			return RequiredVersion{}, fmt.Errorf("%q is not a version: write one like 0.3 or 1.2.0, e.g. required_version: \">= 0.3, < 1.0\"", part)
		}
		rv.clauses = append(rv.clauses, clause{op: op, version: v})
	}
	return rv, nil
}

// canonical turns "0.3" or "v0.3" into a valid semver, or "".
func canonical(s string) string {
	if s == "" {
		return ""
	}
	if s[0] != 'v' {
		s = "v" + s
	}
	if !semver.IsValid(s) {
		return ""
	}
	return s
}

// Allows reports whether a tool version meets every clause. A version
// that is not a release ("dev", "dev-<commit>", the pseudo-version of a
// go install of a commit) is allowed, with dev set,
// so a build from a checkout still runs and the caller warns.
func (rv RequiredVersion) Allows(version string) (ok, dev bool) {
	if len(rv.clauses) == 0 {
		return true, false
	}
	v := canonical(version)
	if v == "" || module.IsPseudoVersion(v) {
		return true, true // a checkout or a go install of a commit
	}
	for _, c := range rv.clauses {
		if !c.holds(v) {
			return false, false
		}
	}
	return true, false
}

func (c clause) holds(v string) bool {
	cmp := semver.Compare(v, c.version)
	switch c.op {
	case ">=":
		return cmp >= 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case "<":
		return cmp < 0
	case "!=":
		return cmp != 0
	case "~>":
		return cmp >= 0 && semver.Compare(v, pessimisticCeiling(c.version)) < 0
	}
	return cmp == 0
}

// pessimisticCeiling is the first version ~> excludes: ~> 0.3 (two
// parts) stops at 1.0, ~> 0.3.1 (three parts) at 0.4.
func pessimisticCeiling(v string) string {
	parts := strings.Split(strings.TrimPrefix(semver.Canonical(v), "v"), ".")
	given := strings.Count(strings.SplitN(v, "-", 2)[0], ".") + 1
	var major, minor int
	fmt.Sscan(parts[0], &major)
	fmt.Sscan(parts[1], &minor)
	if given <= 2 {
		return fmt.Sprintf("v%d.0.0", major+1)
	}
	return fmt.Sprintf("v%d.%d.0", major, minor+1)
}
