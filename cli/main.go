// Package cli is the command line and nothing else: kong command
// structs that parse flags into an engine request, the view that suits
// this process (package view: bars on a terminal, plain lines in CI, the
// command's format), and the map from the engine's typed errors to exit
// codes. The order of every operation (open, lock, plan, check, confirm,
// apply, check again) is engine.Run's; cli imports only engine and view
// of this module (TestImports holds that).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/alecthomas/kong"
	"golang.org/x/term"

	"github.com/licentric/licentric-sync/engine"
	"github.com/licentric/licentric-sync/view"
)

// Exit codes, stable and documented in the README.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitChanges = 2 // plan --detailed-exitcode found changes; verify found mismatches; compare found disagreements
	ExitBlocked = 3 // a safety threshold blocked the plan
	ExitStale   = 4 // a saved plan no longer matches its inputs or the target
	// ExitInterrupted is the shell's code for a run stopped by Ctrl-C.
	ExitInterrupted = 130
)

// exitError carries an exit code other than 1 through Run's error.
type exitError struct {
	code int
	err  error
}

// Error is the message printed before exiting with the code.
func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// Globals are flags every command takes.
type Globals struct {
	// Config is the config path the command's -c chose (ConfigFlag).
	Config string `kong:"-"`
	// Snapshot is the directory --snapshot chose (SnapshotFlag).
	Snapshot string `kong:"-"`
	// Sources are the names --source chose (SourcesFlag).
	Sources []string         `kong:"-"`
	NoColor bool             `name:"no-color" help:"No colour in plans on a terminal (also NO_COLOR=1); output elsewhere is never coloured."`
	Version kong.VersionFlag `name:"version" help:"Print the version and exit."`
}

// ConfigFlag is -c, on the commands that read a config (and only there:
// serve, schema, completion and version take none).
type ConfigFlag struct {
	Config string `short:"c" name:"config" default:"licentric.yaml" placeholder:"FILE" help:"Config file (default: ${default})."`
}

// AfterApply hands the chosen path to the run's globals.
func (c *ConfigFlag) AfterApply(g *Globals) error {
	g.Config = c.Config
	return nil
}

// SnapshotFlag is --snapshot, on the commands that read sources: api:
// sources then read the pages pull saved instead of the live API, so a
// plan can be made (and re-made, with the same checksum) from a frozen
// copy of the old platform.
type SnapshotFlag struct {
	Snapshot string `name:"snapshot" placeholder:"DIR" type:"existingdir" help:"Read api: sources from the snapshot pull wrote in DIR instead of their live API."`
}

// AfterApply hands the directory to the run's globals.
func (s *SnapshotFlag) AfterApply(g *Globals) error {
	g.Snapshot = s.Snapshot
	return nil
}

// hoistConfig moves a -c given before the command (licentric-sync -c
// FILE plan, the form hints print) to just after the command word, where
// the command's own -c flag reads it.
func hoistConfig(args []string) []string {
	var lead, flags []string
	i := 0
	for ; i < len(args) && strings.HasPrefix(args[i], "-"); i++ {
		a := args[i]
		switch {
		case (a == "-c" || a == "--config") && i+1 < len(args):
			flags = append(flags, a, args[i+1])
			i++
		case strings.HasPrefix(a, "--config="):
			flags = append(flags, a)
		default:
			lead = append(lead, a)
		}
	}
	if len(flags) == 0 || i == len(args) {
		return args
	}
	out := append(append(lead, args[i]), flags...)
	return append(out, args[i+1:]...)
}

// colour reports whether plans on w may be coloured: a terminal, and
// neither --no-color nor NO_COLOR.
func (e *env) colour(w io.Writer) bool {
	return e.terminal(w) && !e.globals.NoColor && os.Getenv("NO_COLOR") == ""
}

// CLI is the command tree.
type CLI struct {
	Globals
	Validate ValidateCmd `cmd:"" help:"Check the config and every source row; write nothing."`
	Plan     PlanCmd     `cmd:"" help:"Show what apply would change."`
	Apply    ApplyCmd    `cmd:"" help:"Apply a fresh plan, or a saved plan file."`
	Refresh  RefreshCmd  `cmd:"" help:"Read the whole Licentric account and keep it as the view plans use (a scheduled job)."`
	Show     ShowCmd     `cmd:"" help:"Render a saved plan file."`
	// WizardCSV is the documented import path (the dashboard's wizard).
	WizardCSV  WizardCSVCmd  `cmd:"" name:"wizard-csv" help:"Write the plan's license creates as a CSV for Licentric's dashboard import wizard."`
	List       ListCmd       `cmd:"" help:"List what the target holds."`
	Mapping    MappingCmd    `cmd:"" help:"Review how each source's columns and values map."`
	Pull       PullCmd       `cmd:"" help:"Save a snapshot of each api: source (every page as its API answers) for backup or a frozen plan."`
	Init       InitCmd       `cmd:"" help:"Write a starter licentric.yaml from an export."`
	Verify     VerifyCmd     `cmd:"" help:"Check every license in the target against the sources, and validate a sample of keys."`
	CheckKey   CheckKeyCmd   `cmd:"" name:"check-key" help:"Run one validate-key call against the target."`
	Compare    CompareCmd    `cmd:"" help:"Ask the old platform and Licentric about each license; report where they answer differently."`
	Serve      ServeCmd      `cmd:"" help:"Serve a Licentric-compatible sandbox API over a local store."`
	Schema     SchemaCmd     `cmd:"" help:"Print the JSON Schema of the config, JSON plans, or verify or compare reports (for editors and CI)."`
	Completion CompletionCmd `cmd:"" help:"Print the shell code that turns on tab completion (bash, zsh or fish)."`
	Version    VersionCmd    `cmd:"" help:"Print the version."`
}

// env is what commands get instead of globals: streams, clock, terminal;
// run turns it into an engine.Session and a view.
type env struct {
	ctx      context.Context
	stdout   io.Writer
	stderr   io.Writer
	stdin    io.Reader
	now      time.Time
	terminal func(any) bool
	globals  *Globals
	// tuneMemory sizes the process's collector for a run; nil in tests.
	tuneMemory func(licenses int)
	// clock is what the run's HTTP waits are on; nil: the wall clock.
	clock engine.Clock
}

// Options are what the caller of Run decides besides the command line:
// process-wide settings that tests running Main in-process must not
// change under each other, and the clock the run waits on.
type Options struct {
	// TuneMemory sizes the garbage collector from the run's input
	// (membudget.Tune); nil leaves it alone.
	TuneMemory func(licenses int)
	// Clock is what pacing, backoff and Retry-After wait on; nil (the
	// binary's) is the wall clock. Tests pass a fake (httpxtest.Clock)
	// so that a run against a rate limit or a fault takes no wall time.
	Clock engine.Clock
}

// Main runs the CLI and returns the process exit code, leaving
// process-wide settings alone. Tests call it in-process.
func Main(args []string, stdout, stderr io.Writer) int {
	return Run(args, stdout, stderr, Options{})
}

// Run is Main with the process's own settings; main() passes os.Args,
// the standard streams and the collector's tuning.
func Run(args []string, stdout, stderr io.Writer, opts Options) (code int) {
	var cli CLI
	exited := false
	parser, err := newParser(&cli, stdout, stderr, func(c int) { exited, code = true, c; panic(exitPanic{}) })
	if err != nil {
		fmt.Fprintln(stderr, "Error:", err)
		return ExitError
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(exitPanic); ok && exited {
				if code != 0 {
					code = ExitError
				}
				return
			}
			panic(r)
		}
	}()
	registerCompletion(parser)
	if path := os.Getenv("LICENTRIC_SYNC_CPUPROFILE"); path != "" {
		stopProfile := startProfile(path, stderr)
		defer stopProfile()
	}
	if path := os.Getenv("LICENTRIC_SYNC_MEMPROFILE"); path != "" {
		defer writeAllocProfile(path, stderr)
	}
	if len(args) == 0 {
		args = []string{"--help"} // usage, not an error
	}
	kctx, err := parser.Parse(hoistConfig(args))
	if err != nil {
		view.PrintError(stderr, err)
		return ExitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Say at once that Ctrl-C was heard: the run stops only after the step
	// in flight (an apply's batch), which may take a moment.
	heard := context.AfterFunc(ctx, func() { fmt.Fprintln(stderr, "Interrupt received: stopping after the step in progress.") })
	defer heard() // before stop, which ends ctx too
	e := &env{ctx: ctx, stdout: stdout, stderr: stderr, stdin: os.Stdin, now: time.Now().UTC(), terminal: isTerminal, globals: &cli.Globals, tuneMemory: opts.TuneMemory,
		clock: opts.Clock}
	return exitCode(kctx.Run(e), stderr)
}

type exitPanic struct{}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.Error() != "" {
			view.PrintError(stderr, ee.err)
		}
		return ee.code
	}
	view.PrintError(stderr, err)
	return ExitError
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// newParser is the one definition of the command line, shared by Main
// and CheckArgs so what is checked is what runs. ${platforms} is the
// registry's platform names, for flags that take one (their enum, and so
// their completion).
func newParser(cli *CLI, stdout, stderr io.Writer, exit func(int)) (*kong.Kong, error) {
	vars := kong.Vars{"version": "licentric-sync " + toolVersion(), "platforms": strings.Join(engine.Platforms(), ",")}
	maps.Copy(vars, engine.InitHelp())
	return kong.New(cli, kong.Name("licentric-sync"),
		kong.Description("Migrate and sync software licenses into Licentric, reviewed like Terraform."),
		kong.Writers(stdout, stderr), kong.Exit(exit), kong.UsageOnError(), vars, kong.Bind(&cli.Globals))
}

// CheckArgs parses a command line without running it, so documentation
// and CI examples can be tested for commands and flags that exist.
func CheckArgs(args []string) error {
	var cli CLI
	parser, err := newParser(&cli, io.Discard, io.Discard, func(int) {})
	if err != nil {
		return err
	}
	_, err = parser.Parse(hoistConfig(args))
	return err
}
