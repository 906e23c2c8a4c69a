package view

import (
	"strings"
)

// DefaultConfig is -c's default; hints leave it out.
const DefaultConfig = "licentric.yaml"

// Hints write licentric-sync command lines as this user must type them
// to reach the same config, so a hint pasted as printed plans against
// the same target.
type Hints struct {
	// Config is the -c given (DefaultConfig when none).
	Config string
	// Snapshot is the --snapshot given, which an apply must repeat.
	Snapshot string
	// Interactive says there is a terminal to confirm an apply on; a
	// hint for CI adds --auto-approve.
	Interactive bool
}

// Command is licentric-sync with the user's -c and args, each quoted
// for a POSIX shell where it needs it.
func (h Hints) Command(args ...string) string {
	parts := []string{"licentric-sync"}
	if c := h.Config; c != DefaultConfig && c != "" {
		parts = append(parts, "-c", ShellQuote(c))
	}
	for _, a := range args {
		parts = append(parts, ShellQuote(a))
	}
	return strings.Join(parts, " ")
}

// Apply is how to apply from here: with --auto-approve where there is
// no terminal to confirm on (CI).
func (h Hints) Apply(args ...string) string {
	words := []string{"apply"}
	if h.Snapshot != "" {
		words = append(words, "--snapshot", h.Snapshot) // the plan read the snapshot, so must its apply
	}
	cmd := h.Command(append(words, args...)...)
	if !h.Interactive {
		cmd += " --auto-approve"
	}
	return cmd
}

// ShellQuote quotes a word for POSIX shells when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
