package licentric

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/licentric/licentric-sync/license"
)

// ids maps the plan's identities (product code, policy config id,
// license key) to Licentric ids. Apply workers share it: every read and
// write holds mu, and a worker whose lookup misses joins one shared
// re-read of the account instead of starting its own.
type ids struct {
	mu       sync.Mutex
	products map[string]string
	policies map[string]string
	licenses map[license.Key]string
	// known is true once a full read of the account has filled the maps.
	known   bool
	refresh singleflight.Group
}

// replace installs the maps of a full read.
func (m *ids) replace(products, policies map[string]string, licenses map[license.Key]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.products, m.policies, m.licenses, m.known = products, policies, licenses, true
}

// product is the Licentric id of a product code, "" when unknown.
func (m *ids) product(code string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.products[code]
}

// policy is the Licentric id of a policy config id, "" when unknown.
func (m *ids) policy(id string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.policies[id]
}

// license is the Licentric id of a key, and whether it is known.
func (m *ids) license(k license.Key) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.licenses[k]
	return id, ok
}

// setProduct, setPolicy and setLicense record an id learned from a create.
func (m *ids) setProduct(code, id string) { m.set(func() { m.products = put(m.products, code, id) }) }
func (m *ids) setPolicy(cfgID, id string) { m.set(func() { m.policies = put(m.policies, cfgID, id) }) }
func (m *ids) setLicense(k license.Key, id string) {
	m.set(func() { m.licenses = put(m.licenses, k, id) })
}

func (m *ids) set(f func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f()
}

func put[K comparable](mp map[K]string, k K, v string) map[K]string {
	if mp == nil {
		mp = map[K]string{}
	}
	mp[k] = v
	return mp
}

// reload re-reads the account once for every caller that asks while a
// re-read is already under way.
func (t *Target) reload(ctx context.Context) error {
	_, err, _ := t.ids.refresh.Do("account", func() (any, error) {
		_, err := t.readAccount(ctx)
		return nil, err
	})
	return err
}

// ensureIDs reads the account unless a full read already filled the maps.
func (t *Target) ensureIDs(ctx context.Context) error {
	t.ids.mu.Lock()
	known := t.ids.known
	t.ids.mu.Unlock()
	if known {
		return nil
	}
	return t.reload(ctx)
}
