// Package lemonsqueezy reads LemonSqueezy exports: CSV in the API's
// snake_case or the dashboard's Title Case, and JSON:API license-keys
// pages whose variant lives in included order-items. key_short is a masked
// display value and is never taken for the key.
package lemonsqueezy

import (
	"errors"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/config"
	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/lemonsqueezy/lemonsqueezyfake"
	"github.com/licentric/licentric-sync/providers/platform"
	"github.com/licentric/licentric-sync/providers/tabular"
)

// Aliases are LemonSqueezy's spellings, normalized. The License API's
// renamed fields (customer_email, activation_usage) are accepted too, and
// so is its answer as a whole (license_key.* and meta.* once flattened).
var Aliases = map[providers.Field][]string{
	providers.FKey:         {"key", "licensekeykey"},
	providers.FID:          {"id", "licensekeyid"},
	providers.FEmail:       {"useremail", "customeremail", "email", "metacustomeremail"},
	providers.FUserName:    {"username", "customername", "metacustomername"},
	providers.FStatus:      {"status", "licensekeystatus"},
	providers.FDisabled:    {"disabled"},
	providers.FExpiresAt:   {"expiresat", "licensekeyexpiresat"},
	providers.FCreatedAt:   {"createdat", "licensekeycreatedat"},
	providers.FProduct:     {"productname", "product", "metaproductname"},
	providers.FProductID:   {"productid", "metaproductid"},
	providers.FVariant:     {"variantname", "variant", "metavariantname"},
	providers.FVariantID:   {"variantid", "metavariantid"},
	providers.FMaxMachines: {"activationlimit", "licensekeyactivationlimit"},
	providers.FActivations: {"instancescount", "activationusage", "activations", "licensekeyactivationusage"},
	providers.FTestMode:    {"testmode", "licensekeytestmode"},
	providers.FUpdatedAt:   {"updatedat", "licensekeyupdatedat"},
}

// Platform is LemonSqueezy as the tool knows it: registered once in
// providers/registry, read by everything that needs a platform's facts.
var Platform = platform.Platform{
	Name:    "lemonsqueezy",
	Title:   "LemonSqueezy",
	Export:  tabular.Spec{Aliases: Aliases, Fix: fix, JSON: readJSONAPI},
	Devices: instances,
	Events:  keyEvents,
	// inactive is a key never activated: valid, so active.
	Statuses: map[string]license.Status{
		"active": license.Active, "inactive": license.Active, "expired": license.Expired,
		"disabled": license.Suspended,
	},
	Checks: platform.Checks{Key: maskedKey},
	API: &platform.API{
		APIRules: config.APIRules{DefaultURL: "https://api.lemonsqueezy.com/v1", Stores: true},
		TokenEnv: "LEMONSQUEEZY_API_KEY",
		// 300 requests a minute per key; the reader stays just under it.
		Live: platform.Live{Accept: "application/vnd.api+json", Host: "lemonsqueezy.com",
			Rate:  platform.Rate{Requests: 300, Per: time.Minute, Pace: 210 * time.Millisecond, Burst: 5},
			Pages: livePages, Fake: lemonsqueezyfake.API, Devices: liveInstances},

		Validate: validator,
	},
	// The dashboard's Title Case columns (Activation limit, Variant,
	// Disabled) and the API's snake_case attributes; license_key is the
	// License API's answer.
	Init: platform.Init{
		LimitWhere: "LemonSqueezy's dashboard: Products > the product of %s > the variant's license key settings > Activation limit",
		Headers: map[string]int{
			"activationlimit": 3, "keyshort": 3, "licensekeykey": 3, "instancescount": 2, "activationusage": 2,
			"orderitemid": 2, "storeid": 2, "statusformatted": 2, "variant": 1, "variantname": 1, "variantid": 1,
			"disabled": 1, "testmode": 1,
		},
		JSONTypes:   []string{"license-keys"},
		JSONMembers: []string{"license_key"},
	},
	Docs: platform.Docs{StatusNotes: map[string]string{"inactive": "never activated"}},
}

// New returns a LemonSqueezy source.
func New(src config.Source, dir string) providers.Source { return Platform.New(src, dir) }

// errMasked is key_short where the key should be: LemonSqueezy shows
// keys masked as XXXX-… in its dashboard and API, beside the full key.
var errMasked = errors.New("holds a masked key (XXXX-…), LemonSqueezy's key_short display value; export the full key column")

// maskedKey refuses a masked key: migrating it would give every
// customer a key that was never theirs.
func maskedKey(key string) error {
	if strings.HasPrefix(key, "XXXX-") {
		return errMasked
	}
	return nil
}

// fix: an empty activation limit is LemonSqueezy's null, which means
// unlimited.
func fix(r *providers.Record) error {
	if v, ok := r.Get(providers.FMaxMachines); ok && strings.TrimSpace(v) == "" {
		r.Put(providers.FMaxMachines, "unlimited")
	}
	return nil
}

// keyAttrs are a license key's attributes, as cells.
type keyAttrs struct {
	Key             tabular.Cell `json:"key"`
	UserEmail       tabular.Cell `json:"user_email"`
	UserName        tabular.Cell `json:"user_name"`
	Status          tabular.Cell `json:"status"`
	Disabled        tabular.Cell `json:"disabled"`
	ExpiresAt       tabular.Cell `json:"expires_at"`
	CreatedAt       tabular.Cell `json:"created_at"`
	ProductID       tabular.Cell `json:"product_id"`
	ActivationLimit tabular.Cell `json:"activation_limit"`
	InstancesCount  tabular.Cell `json:"instances_count"`
	TestMode        tabular.Cell `json:"test_mode"`
	OrderItemID     tabular.Cell `json:"order_item_id"`
	UpdatedAt       tabular.Cell `json:"updated_at"`
}

// keyColumns names where each field read from a license-keys resource
// comes from, so an error points at the attribute the export spells
// (activation_limit), not at the field it becomes (max_machines).
var keyColumns = func() *[providers.NumFields]string {
	var c [providers.NumFields]string
	for f, name := range map[providers.Field]string{
		providers.FKey: "key", providers.FEmail: "user_email", providers.FUserName: "user_name",
		providers.FStatus: "status", providers.FDisabled: "disabled", providers.FExpiresAt: "expires_at",
		providers.FCreatedAt: "created_at", providers.FProductID: "product_id", providers.FMaxMachines: "activation_limit",
		providers.FActivations: "instances_count", providers.FTestMode: "test_mode", providers.FUpdatedAt: "updated_at",
	} {
		c[f] = "attributes." + name
	}
	return &c
}()

func readJSONAPI(ls *tabular.Licenses, out tabular.Output) error {
	var r providers.Record // reused: a record is valid until the next is emitted
	a := new(keyAttrs)     // reused: a decoded struct escapes to the heap, one per walk, not per license
	return ls.Each("license-keys", func(l *tabular.License) {
		r = providers.Record{File: ls.File(), Line: l.Line, Columns: keyColumns}
		r.Put(providers.FID, l.ID)
		r.Put(providers.FKey, "")
		if err := l.Decode(a); err != nil {
			out.Reject(l.Line, err)
			return
		}
		tabular.PutCells(&r, a.Key.To(providers.FKey), a.UserEmail.To(providers.FEmail),
			a.UserName.To(providers.FUserName), a.Status.To(providers.FStatus),
			a.Disabled.To(providers.FDisabled), a.ExpiresAt.To(providers.FExpiresAt),
			a.CreatedAt.To(providers.FCreatedAt), a.ProductID.To(providers.FProductID),
			a.ActivationLimit.To(providers.FMaxMachines), a.InstancesCount.To(providers.FActivations),
			a.TestMode.To(providers.FTestMode), a.UpdatedAt.To(providers.FUpdatedAt))
		orderItem(l, a, &r)
		productName(l, a, &r)
		out.Emit(&r)
	})
}

// productName joins an included product (include=product) for its name,
// when the order item did not give one: product rules match names.
func productName(l *tabular.License, a *keyAttrs, r *providers.Record) {
	if r.Value(providers.FProduct) != "" {
		return
	}
	ref, ok := related(l, "product", "products", a.ProductID)
	var p struct {
		Name tabular.Cell `json:"name"`
	}
	if found := l.Resolve(ref, &p); ok && found && p.Name.Set {
		r.Put(providers.FProduct, p.Name.Text)
	}
}

// orderItemAttrs are the order item's attributes a license takes.
type orderItemAttrs struct {
	ProductName tabular.Cell `json:"product_name"`
	VariantName tabular.Cell `json:"variant_name"`
	VariantID   tabular.Cell `json:"variant_id"`
}

// orderItem joins the included order item, where product and variant
// names live, by relationship or by the order_item_id attribute.
func orderItem(l *tabular.License, a *keyAttrs, r *providers.Record) {
	ref, ok := related(l, "order-item", "order-items", a.OrderItemID)
	var oi orderItemAttrs
	if found := l.Resolve(ref, &oi); !ok || !found {
		return
	}
	tabular.PutCells(r, oi.ProductName.To(providers.FProduct), oi.VariantName.To(providers.FVariant),
		oi.VariantID.To(providers.FVariantID))
}

// related is the resource a license names by its relationship rel or,
// where that carries no linkage (LemonSqueezy's relationships are links
// only, or one that does not read: the attribute is what LemonSqueezy
// keeps), by its id attribute: typ/id.
func related(l *tabular.License, rel, typ string, id tabular.Cell) (tabular.Linkage, bool) {
	if ref, ok, err := l.Related(rel); err == nil && ok {
		return ref, true
	}
	return tabular.Linkage{Type: typ, ID: id.Text}, id.Set
}
