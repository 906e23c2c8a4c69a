package cli

import (
	"strings"
)

// defaultConfig is -c's default; hints leave it out.
const defaultConfig = "licentric.yaml"

// command is a licentric-sync command line as the user must type it to
// reach the same config: the -c they passed is reproduced, so a hint
// pasted as printed plans against the same target.
func (e *env) command(args ...string) string {
	parts := []string{"licentric-sync"}
	if c := e.globals.Config; c != defaultConfig {
		parts = append(parts, "-c", shellQuote(c))
	}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// applyCommand is how to apply from here: with --auto-approve where there
// is no terminal to confirm on (CI).
func (e *env) applyCommand(args ...string) string {
	words := []string{"apply"}
	if e.globals.Snapshot != "" {
		words = append(words, "--snapshot", e.globals.Snapshot) // the plan read the snapshot, so must its apply
	}
	cmd := e.command(append(words, args...)...)
	if !e.terminal(e.stdin) {
		cmd += " --auto-approve"
	}
	return cmd
}

// shellQuote quotes a word for POSIX shells when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
