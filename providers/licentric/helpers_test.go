package licentric_test

import "github.com/licentric/licentric-sync/plan"

func planFor(d plan.Desired, cur plan.Current) (*plan.Plan, error) {
	return plan.Compute(d, cur, plan.Options{OnConflict: "fail"})
}
