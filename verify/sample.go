package verify

import (
	"math/rand/v2"

	"github.com/licentric/licentric-sync/license"
)

// Sample picks up to n licenses of each status with a seeded generator,
// so the same seed over the same desired set picks the same keys. Licenses
// must be sorted by key (Compare leaves them so).
func Sample(ls []license.License, n int, seed uint64) []*license.License {
	byStatus := map[license.Status][]*license.License{}
	for i := range ls {
		byStatus[ls[i].Status] = append(byStatus[ls[i].Status], &ls[i])
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []*license.License
	for _, st := range license.Statuses {
		group := byStatus[st]
		if len(group) <= n {
			out = append(out, group...)
			continue
		}
		for _, k := range r.Perm(len(group))[:n] {
			out = append(out, group[k])
		}
	}
	return out
}
