package lemonsqueezy

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/licentric/licentric-sync/providers"
	"github.com/licentric/licentric-sync/providers/events"
)

// keyEvents are the webhook events that carry a license key's new state
// (docs /help/webhooks, /guides/developer-guide/webhooks): the body is
// {"meta": {"event_name": …, "custom_data": …}, "data": the license-keys
// resource}. The resource has no order item, where product and variant
// names live: an event that wins takes them from the export's record.
var keyEvents = &events.Spec{
	Read:    readEvent,
	Missing: []providers.Field{providers.FProduct, providers.FVariant, providers.FVariantID},
}

// eventNames are the events a source's events: applies.
var eventNames = []string{"license_key_created", "license_key_updated"}

// envelope is the part of a webhook body the ordering needs.
type envelope struct {
	Meta *struct {
		EventName *string `json:"event_name"`
	} `json:"meta"`
	Data *struct {
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes *struct {
			UpdatedAt *string     `json:"updated_at"`
			StoreID   json.Number `json:"store_id"`
		} `json:"attributes"`
	} `json:"data"`
}

// readEvent reads one saved webhook body: a license key event, its key's
// id, the store (required: an event of no store would let any store's
// events in after it) and updated_at, which orders it.
func readEvent(body []byte) (events.Event, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return events.Event{}, err
		}
		return events.Event{}, fmt.Errorf("not a LemonSqueezy webhook body (%v); save the request body as it came", err)
	}
	switch {
	case env.Meta == nil || env.Meta.EventName == nil:
		return events.Event{}, errors.New("no meta.event_name: not a LemonSqueezy webhook body; save the request body as it came")
	case !slices.Contains(eventNames, *env.Meta.EventName):
		return events.Event{}, fmt.Errorf("meta.event_name %q is not a license key event; events: applies %s only: leave other events out of its folder or glob",
			*env.Meta.EventName, strings.Join(eventNames, " and "))
	case env.Data == nil || env.Data.Type != "license-keys":
		return events.Event{}, errors.New(`data is not a "license-keys" resource, which a license key event carries`)
	case env.Data.ID == "":
		return events.Event{}, errors.New("data.id is missing: the event names no license key")
	case env.Data.Attributes == nil || env.Data.Attributes.UpdatedAt == nil:
		return events.Event{}, errors.New("data.attributes.updated_at is missing, so the event cannot be ordered; save the request body as it came")
	case env.Data.Attributes.StoreID == "":
		return events.Event{}, errors.New("data.attributes.store_id is missing, so the event cannot be told to be of the export's store; save the request body as it came")
	}
	store, err := storeID(env.Data.Attributes.StoreID.String())
	if err != nil {
		return events.Event{}, err
	}
	at, err := time.Parse(time.RFC3339Nano, *env.Data.Attributes.UpdatedAt)
	if err != nil {
		return events.Event{}, fmt.Errorf("data.attributes.updated_at is not an RFC 3339 time (%v)", err)
	}
	return events.Event{Name: *env.Meta.EventName, ID: env.Data.ID, UpdatedAt: at, Store: store}, nil
}
