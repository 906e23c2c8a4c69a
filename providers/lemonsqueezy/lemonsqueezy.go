// Package lemonsqueezy reads LemonSqueezy exports: CSV in the API's
// snake_case or the dashboard's Title Case, and JSON:API license-keys
// pages whose variant lives in included order-items. key_short is a masked
// display value and is never taken for the key.
package lemonsqueezy

import (
	"encoding/json"
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
}

// Platform is LemonSqueezy as the tool knows it: registered once in
// providers/registry, read by everything that needs a platform's facts.
var Platform = platform.Platform{
	Name:    "lemonsqueezy",
	Title:   "LemonSqueezy",
	Export:  tabular.Spec{Aliases: Aliases, Fix: fix, JSON: readJSONAPI},
	Devices: instances,
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

// attrFields are the license key attributes read as they are, into
// their fields; attrNames the same names, looked up in one pass.
var attrFields = []tabular.AttrField{{Name: "key", Field: providers.FKey}, {Name: "user_email", Field: providers.FEmail},
	{Name: "user_name", Field: providers.FUserName}, {Name: "status", Field: providers.FStatus},
	{Name: "disabled", Field: providers.FDisabled}, {Name: "expires_at", Field: providers.FExpiresAt},
	{Name: "created_at", Field: providers.FCreatedAt}, {Name: "product_id", Field: providers.FProductID},
	{Name: "activation_limit", Field: providers.FMaxMachines}, {Name: "instances_count", Field: providers.FActivations},
	{Name: "test_mode", Field: providers.FTestMode}}

var attrNames = tabular.AttrNames(nil, attrFields)

func readJSONAPI(doc *tabular.JSONDoc, file string, out tabular.Output) error {
	var r providers.Record // reused: a record is valid until the next is emitted
	return tabular.EachResource(doc, file, "license-keys", func(res tabular.Resource, look *tabular.Lookup, line int) {
		r = providers.Record{File: file, Line: line}
		r.Put(providers.FID, res.ID)
		r.Put(providers.FKey, "")
		var buf [16]json.RawMessage // on the stack, not one slice per license
		v := buf[:len(attrNames)]
		res.Attrs(attrNames, v)
		res.PutAttrs(attrFields, v, &r)
		orderItem(&res, look, &r)
		productName(&res, look, &r)
		out.Emit(&r)
	})
}

// productName joins an included product (include=product) for its name,
// when the order item did not give one: product rules match names.
func productName(res *tabular.Resource, inc *tabular.Lookup, r *providers.Record) {
	if r.Value(providers.FProduct) != "" {
		return
	}
	typ, id, ok := res.Related("product")
	if !ok {
		typ = "products"
		id, ok = res.Attr("product_id")
	}
	if p, found := inc.Get(typ, id); ok && found {
		if v, ok := p.Attr("name"); ok {
			r.Put(providers.FProduct, v)
		}
	}
}

// orderItemAttrs are the order item's attributes a license takes.
var orderItemAttrs = []struct {
	name  string
	field providers.Field
}{{"product_name", providers.FProduct}, {"variant_name", providers.FVariant}, {"variant_id", providers.FVariantID}}

// orderItem joins the included order item, where product and variant
// names live, by relationship or by the order_item_id attribute.
func orderItem(res *tabular.Resource, inc *tabular.Lookup, r *providers.Record) {
	typ, id, ok := res.Related("order-item")
	if !ok {
		typ = "order-items"
		id, ok = res.Attr("order_item_id")
	}
	oi, found := inc.Get(typ, id)
	if !ok || !found {
		return
	}
	for _, a := range orderItemAttrs {
		if v, ok := oi.Attr(a.name); ok {
			r.Put(a.field, v)
		}
	}
}
