// Package platform describes a source platform in one value: what its
// exports look like, what its status words mean, the checks only it
// needs, its live API and what init proposes for it. Each platform
// package (providers/keygen, providers/cryptlex, …) exports one Platform;
// providers/registry lists them, once, and everything else (config
// validation, the schema's platform enum, mapping, the engine, the CLI's
// completions, the docs' tables) reads that list instead of naming a
// platform. Adding a platform is one package plus one registry line.
package platform

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/devices"
	"github.com/licentric/licentric-sync/providers/events"
	"github.com/licentric/licentric-sync/providers/live/livefake"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Platform is everything the tool knows about one source platform. Its
// fields are facts about the platform; the code that acts on them lives
// in the shared packages.
type Platform struct {
	// Name is the config's platform: word (lower case, unique).
	Name string
	// Title is the platform's own spelling, for messages and docs.
	Title string
	// Export is how its exports are read: header aliases, the per-record
	// fix-up of its conventions, its JSON shape. Export.Platform is Name.
	Export tabular.Spec
	// Statuses are its status words (folded, see config.FoldWord) and
	// the Licentric status each means when the config does not say.
	Statuses map[string]license.Status
	// Checks are the checks on mapped licenses only this platform needs.
	Checks Checks
	// API is its list API; nil when it is read from files only.
	API *API
	// Devices is how it keeps a license's activated devices; nil when
	// the tool reads none.
	Devices *devices.Spec
	// Events is how its saved webhook events read, applied on top of a
	// source's files by events:; nil when the tool reads none.
	Events *events.Spec
	// Init is what init knows of its exports.
	Init Init
	// Docs are facts the documentation's platform tables print.
	Docs Docs
}

// Init is what init knows about one platform's exports: how to tell them
// from the others' (so init --platform refuses another platform's
// export), and where a user finds what an export leaves out.
type Init struct {
	// Name is the platform as init's messages write it; "" is Title.
	Name string
	// LimitWhere is where the platform shows a policy's machine limit,
	// for an export that does not hold it; %s is the policy's name. ""
	// is init's generic wording (the system that made the export).
	LimitWhere string
	// Headers weigh the column names (normalized: lower case, no spaces,
	// dots, dashes or underscores) that this platform's exports use and
	// the others' do not: 3 proves it alone, 1 only counts with others.
	Headers map[string]int
	// JSONTypes are the JSON:API resource types of its license lists.
	JSONTypes []string
	// JSONMembers are top-level members of a JSON object only its API
	// answers have.
	JSONMembers []string
}

// Checks are a platform's own checks on what the mapping produces.
type Checks struct {
	// Key refuses a value that the platform shows in place of a key but
	// is not one (LemonSqueezy's masked key_short). Its error continues a
	// sentence that starts with the column's name. nil accepts every key.
	Key func(key string) error
	// RevokeReversible says the platform can take a revocation back,
	// which Licentric cannot: the plan warns how many revoked licenses
	// would land final, and how to keep them reversible.
	RevokeReversible bool
	// Keyless, when set, says why the platform can hold licenses without
	// a key. The empty-key error shows it whatever the source's platform,
	// since a generic export may have come from this platform.
	Keyless string
	// SignedKeys says the platform issues signed keys that Records
	// verifies with the public keys of the source's signed_keys:.
	SignedKeys bool
	// Records, when set, starts the platform's own check of every mapped
	// license of one source (see RecordCheck). nil checks nothing.
	Records StartCheck
}

// API is a platform's list API as config, init and the live reader need
// it.
type API struct {
	// APIRules are the default URL, the hint when there is none, and
	// whether the API has stores: what config validation checks.
	config.APIRules
	// TokenEnv is the variable init names for the token: the name the
	// platform's own docs use.
	TokenEnv string
	// Live is how its pages are read.
	Live Live
	// Validate is its license check for compare; nil when compare cannot
	// ask it.
	Validate *Validator
}

// Live is how the live reader pages a platform's API: the media type it
// asks for, the platform's own host (its published rate applies only
// there), that rate, and the paging itself.
type Live struct {
	Accept string
	Host   string
	// Rate is the published request rate; zero when the platform states
	// it only in response headers (RateNote then says so).
	Rate     Rate
	RateNote string
	// Pages reads every page of the source's API in order, handing each
	// to deliver.
	Pages func(ctx context.Context, l Lister, deliver func(tabular.LivePage) error) error
	// Devices, when set, reads every page of the platform's device list
	// (Platform.Devices.Path) in order, handing each page's body to
	// deliver, with the same proof of a whole list as the licenses'.
	Devices func(ctx context.Context, l Lister, deliver func(body []byte) error) error
	// Cost, when set, says how many requests a read of pages pages takes
	// and how the plan's note puts it, for a read that asks more than
	// one request a page (a second pass); nil: one request a page.
	Cost func(pages, size int) (requests int, says string)
	// Fake serves the API as the platform does, for tests and the
	// benchmark (its routes, paging, errors and rate headers; its Base
	// is the path api.url ends with); nil when there is none.
	Fake *livefake.API
}

// Rate is a published request rate, stated once: Requests per Per. The
// reader keeps Pace between requests (just under the rate) with bursts
// of Burst, and the plan quotes PerMinute.
type Rate struct {
	Requests int
	Per      time.Duration
	Pace     time.Duration
	Burst    int
}

// PerMinute is the published rate in requests a minute; 0 when none.
func (r Rate) PerMinute() int {
	if r.Requests == 0 || r.Per == 0 {
		return 0
	}
	return int(time.Duration(r.Requests) * time.Minute / r.Per)
}

// Lister is what a platform's paging needs of the live reader: requests
// under the API base (paced, retried, bounded), an error saying what a
// page held instead of a list, the source being read (its api:
// settings), and the reader's clock.
type Lister interface {
	// Page fetches page n of a list: past the page bound it refuses, and
	// its errors start "page n:". The headers come with the body
	// (Cryptlex states its total in them).
	Page(ctx context.Context, n int, path string, q url.Values) ([]byte, http.Header, error)
	// Get fetches one answer outside a page walk (a count).
	Get(ctx context.Context, path string, q url.Values) ([]byte, http.Header, error)
	// ShapeError is the error for page n holding something other than
	// want: what it held instead (an error document, an object, not JSON).
	ShapeError(n int, body []byte, want string) error
	// Source is the source being read: its api: settings (a store id).
	Source() config.Source
	// Now is the reader's clock: when a read began, where the platform's
	// answer carries no Date.
	Now() time.Time
}

// Docs are what the documentation's platform tables print beyond the
// facts above: docs/config.md's list of platforms, docs/mapping.md's
// status table.
type Docs struct {
	// Note follows the name in docs/config.md's list (e.g. "generic").
	Note string
	// StatusNotes, by folded word, explain a default (e.g. "never
	// activated").
	StatusNotes map[string]string
	// StatusTail follows the platform's row in the status table.
	StatusTail string
}

// New builds the platform's source for a config entry; dir is the
// config file's directory.
func (p Platform) New(src config.Source, dir string) providers.Source {
	spec := p.Export
	spec.Platform = p.Name
	if d := p.Devices; d != nil && spec.NotLicenses == nil {
		// its device pages in the glob are the device reader's
		spec.NotLicenses = func(path, shown string) (bool, error) { return devices.IsPage(*d, path, shown) }
	}
	base := tabular.NewSource(src, dir, spec)
	if src.Events == "" || p.Events == nil {
		return base
	}
	reader := func(path string) providers.Source {
		one := src
		one.Events = ""
		return tabular.NewFileSource(one, dir, spec, path)
	}
	return events.New(*p.Events, src, base, reader, base.Display)
}
