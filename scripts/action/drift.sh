#!/usr/bin/env bash
# The scheduled drift check: a plan against the live sources and the
# account, shown in the run's summary; exit 2 when they differ. With
# LS_DRIFT_APPLY=true (the side-by-side period) a drifted plan is saved and
# exactly that file is applied, under the same safety thresholds.
#
# In:  LS_BIN, LS_CONFIG (optional), LS_DRIFT_APPLY,
#      RUNNER_TEMP.
# Out: outputs exit-code, plan-path, checksum and the counts; exits with the
#      plan's code (0, 2 drift, 3 blocked, 1 error), or apply's when applying.
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

work=$(workdir)
plan="$work/licentric.plan"
md="$work/drift.md"
code=$(run_plan "$plan" "$md")
# A step summary takes 1 MiB.
cap_file "$md" 1000000
cat "$md" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
if [ "$code" = 2 ] && [ "${LS_DRIFT_APPLY:-false}" = true ]; then
	set +e
	"${LS_BIN:-licentric-sync}" ${LS_CONFIG:+-c "$LS_CONFIG"} apply --auto-approve "$plan"
	code=$?
	set -e
fi
set_output exit-code "$code"
echo "licentric-sync drift check exited $code."
exit "$code"
