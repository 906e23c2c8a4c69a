#!/usr/bin/env bash
# The pull request's plan: `plan -o` saves the exact plan the apply job will
# run (uploaded next as an artifact), and the markdown plan becomes the body
# of one sticky comment (comment.sh posts it) carrying the plan's checksum.
# stderr goes to the job log only, never into the comment. Always exits 0
# once the plan ran: finish.sh turns its exit code into the job's result
# after the artifact and the comment are posted.
#
# In:  LS_BIN, LS_CONFIG (optional), LS_ARTIFACT,
#      RUNNER_TEMP, GITHUB_* (pull request, API).
# Out: outputs exit-code, plan-path, checksum, create, update, delete,
#      status-changes, acked, comment (the body file).
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

work=$(workdir)
plan="$work/licentric.plan"
md="$work/plan.md"
code=$(run_plan "$plan" "$md")
set_output exit-code "$code"
sum=""
[ ! -f "$plan" ] || sum=$(plan_field "$plan" .checksum)

pr=$(pr_number)
acked=""
if [ "$code" = 3 ] && [ -n "$pr" ] && [ -n "$sum" ]; then
	acked=$(find_ack "$pr" "$sum")
fi
set_output acked "${acked:+true}"

body="$work/plan-comment.md"
# 65,536 characters is GitHub's limit for a comment; the plan gets what the
# header and footer leave.
cap_file "$md" 60000
{
	echo '<!-- licentric-sync-plan -->'
	[ -z "$sum" ] || echo "<!-- licentric-sync-checksum: $sum -->"
	case $code in
	0) echo '### licentric-sync plan: no changes' ;;
	2) echo '### licentric-sync plan: changes to apply on merge' ;;
	3) echo '### licentric-sync plan: blocked by safety thresholds' ;;
	*) echo "### licentric-sync plan failed (exit $code)" ;;
	esac
	echo
	cat "$md"
	echo
	echo '---'
	if [ -n "$sum" ]; then
		echo "Plan \`$sum\`, saved as the artifact \`${LS_ARTIFACT:-licentric-plan}\` of [this run]($(run_url)). Merging applies exactly this file; if the sources or the account moved in between, the apply stops (exit 4) and says so here."
	else
		echo "No plan was saved: the errors are in [the job log]($(run_url))."
	fi
	if [ "$code" = 3 ] && [ -n "$sum" ]; then
		echo
		if [ -n "$acked" ]; then
			echo "Acknowledged in this pull request: the apply job passes \`--ack $sum\`."
		else
			echo "To apply it anyway, a maintainer reviews the blocked changes above and comments, on a line of its own:"
			echo
			echo "    /licentric-sync ack $sum"
			echo
			echo "then re-runs this check. The apply job passes exactly this checksum as \`--ack\`; any other plan stays blocked."
		fi
	fi
} >"$body"
set_output comment "$body"
cat "$md" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
echo "licentric-sync plan exited $code${sum:+; plan $sum saved to $plan}."
