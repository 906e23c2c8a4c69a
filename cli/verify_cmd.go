package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/licentric/licentric-sync/engine"
	"golang.org/x/term"
)

// VerifyCmd proves the migration: the target against the sources, then
// validate-key on a seeded sample per status.
type VerifyCmd struct {
	ConfigFlag
	SnapshotFlag
	SourcesFlag
	Format string `placeholder:"FORMAT" enum:"text,markdown,json" default:"text" help:"text, markdown or json."`
	Sample int    `default:"20" placeholder:"N" help:"Keys per status to run through validate-key (default: ${default}; 0: none)."`
	Seed   uint64 `placeholder:"SEED" help:"Sample seed; a report names the seed it used, so a run can be repeated."`
}

// Run verifies; exit 2 when anything does not match.
func (c *VerifyCmd) Run(e *env) error {
	return e.run(&engine.VerifyRequest{Sample: c.Sample, Seed: c.Seed}, c.Format)
}

// CheckKeyCmd is one validate-key call against the target, for support
// during the migration.
type CheckKeyCmd struct {
	ConfigFlag
	Key         string `arg:"" optional:"" name:"KEY" help:"The license key. Prefer stdin or --key-env: an argument stays in shell history and is visible in ps."`
	KeyEnv      string `name:"key-env" placeholder:"VAR" help:"Read the key from this environment variable."`
	Fingerprint string `placeholder:"FINGERPRINT" help:"A machine fingerprint to validate with."`
}

// Run validates one key; the key is never echoed. Exit 0 only for a key
// that validates; 2 for any other answer (NOT_FOUND, SUSPENDED, …).
func (c *CheckKeyCmd) Run(e *env) error {
	key, err := c.key(e)
	if err != nil {
		return err
	}
	return e.run(&engine.CheckKeyRequest{Key: key, Fingerprint: c.Fingerprint}, "")
}

// maxKeyLine bounds the line check-key reads from stdin: a signed
// Keygen key is a few KiB.
const maxKeyLine = 64 << 10

// key reads the key from the argument (with a warning), the named
// variable, or the first line of stdin.
func (c *CheckKeyCmd) key(e *env) (string, error) {
	switch {
	case c.Key != "" && c.KeyEnv != "":
		return "", errors.New("check-key takes the key from KEY or --key-env, not both")
	case c.Key != "":
		fmt.Fprintln(e.stderr, "WARNING: a key on the command line stays in shell history and is visible in ps; pipe it on stdin or use --key-env VAR.")
		return c.Key, nil
	case c.KeyEnv != "":
		v := os.Getenv(c.KeyEnv)
		if v == "" {
			return "", fmt.Errorf("check-key: $%s is empty; export the key in it", c.KeyEnv)
		}
		return v, nil
	}
	if f, ok := e.stdin.(*os.File); ok && e.terminal(f) {
		fmt.Fprint(e.stderr, "License key (typing is not shown): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return "", fmt.Errorf("check-key: reading the key: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	line, err := bufio.NewReaderSize(io.LimitReader(e.stdin, maxKeyLine+1), 4<<10).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("check-key: reading the key from stdin: %w", err)
	}
	if len(line) > maxKeyLine { // stdin from /dev/zero, or a file that is not a key
		return "", fmt.Errorf("check-key: the first line of stdin is longer than %d KiB, which no license key is; pipe the key alone", maxKeyLine>>10)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("check-key: no key: pipe it on stdin (licentric-sync check-key < key.txt), or use --key-env VAR")
	}
	return line, nil
}
