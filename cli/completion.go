package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"
	kongcompletion "github.com/jotaen/kong-completion"
	"github.com/posener/complete"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/view"
)

// registerCompletion answers a shell's completion request (the shell runs
// the binary with COMP_LINE set) with commands, flags, enum values such
// as --format's, and source names read from the config; it returns at
// once when there is no such request.
func registerCompletion(parser *kong.Kong) {
	kongcompletion.Register(parser, kongcompletion.WithPredictor("source", complete.PredictFunc(predictSources)))
}

// predictSources lists the config's source names, for --source. The
// config is the -c given anywhere on the line being completed (the
// library passes only the words after the command), else the default.
func predictSources(complete.Args) []string {
	file := view.DefaultConfig
	words := strings.Fields(os.Getenv("COMP_LINE"))
	for i, w := range words {
		switch {
		case (w == "-c" || w == "--config") && i+1 < len(words):
			file = words[i+1]
		case strings.HasPrefix(w, "--config="):
			file = strings.TrimPrefix(w, "--config=")
		}
	}
	return engine.SourceNames(file)
}

// CompletionCmd prints the shell code that makes the shell ask this
// binary for completions; the README shows the one line that installs it.
type CompletionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" placeholder:"bash|zsh|fish" help:"The shell: bash, zsh or fish."`
}

// Run prints the code for the shell.
func (c *CompletionCmd) Run(e *env) error {
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("completion: cannot tell where this binary is: %w", err)
	}
	if bin, err = filepath.Abs(bin); err != nil {
		return err
	}
	q := view.ShellQuote(bin)
	switch c.Shell {
	case "bash":
		fmt.Fprintf(e.stdout, "complete -o default -C %s licentric-sync\n", q)
	case "zsh":
		fmt.Fprintf(e.stdout, "autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -C %s licentric-sync\n", q)
	case "fish":
		fmt.Fprintf(e.stdout, "function __licentric_sync_complete\n    set -lx COMP_LINE (commandline -cp)\n    test -z (commandline -ct)\n"+
			"    and set COMP_LINE \"$COMP_LINE \"\n    %s\nend\ncomplete -f -c licentric-sync -a '(__licentric_sync_complete)'\n", q)
	}
	return nil
}
