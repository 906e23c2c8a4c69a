#!/usr/bin/env bash
# Applies exactly the plan reviewed in the pull request: the artifact's
# checksum must be the one the sticky comment shows; a blocked plan gets
# --ack only when a maintainer acknowledged that checksum in the pull
# request. A stale plan (exit 4) is planned again, the fresh plan is posted
# to the pull request, and the job stops with 4: nothing unreviewed runs.
#
# In:  LS_BIN, LS_CONFIG (optional), LS_PLAN_PATH (the downloaded plan),
#      LS_PR_NUMBER, RUNNER_TEMP, GITHUB_* (API).
# Out: outputs exit-code, plan-path, checksum and the counts; exits with
#      apply's exit code.
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

need LS_PLAN_PATH
bin=${LS_BIN:-licentric-sync}
plan=$LS_PLAN_PATH
work=$(workdir)
[ -f "$plan" ] ||
	die "no saved plan at $plan: the pull request's plan artifact is missing (the plan failed, or the artifact expired); re-run the plan check"
sum=$(plan_field "$plan" .checksum)
plan_outputs "$plan"

pr=$(pr_number)
ack=""
if [ -n "$pr" ]; then
	need GITHUB_REPOSITORY
	reviewed=$(list_comments "$pr" | jq -r '[.[] | select(.body | startswith("<!-- licentric-sync-plan -->"))][0].body // ""' |
		sed -n 's/^<!-- licentric-sync-checksum: \(sha256:[0-9a-f]*\) -->$/\1/p')
	[ "$reviewed" = "$sum" ] ||
		die "the plan artifact is $sum but pull request #$pr shows ${reviewed:-no plan}: refusing to apply a plan nobody reviewed"
	ack=$(find_ack "$pr" "$sum")
fi

args=(apply --auto-approve)
[ -z "$ack" ] || args+=(--ack "$ack")
out="$work/apply.out"
set +e
"$bin" ${LS_CONFIG:+-c "$LS_CONFIG"} "${args[@]}" "$plan" | tee "$out"
code=${PIPESTATUS[0]}
set -e
set_output exit-code "$code"

body="$work/apply-comment.md"
{
	echo '<!-- licentric-sync-apply -->'
	case $code in
	0)
		echo "### licentric-sync applied \`$sum\`"
		echo
		grep -E '^(Apply complete|Checked|No changes)' "$out" || true
		;;
	3)
		echo "### licentric-sync apply: blocked"
		echo
		echo "The plan \`$sum\` exceeds the safety thresholds and was not acknowledged. A maintainer reviews it and comments, on a line of its own:"
		echo
		echo "    /licentric-sync ack $sum"
		echo
		echo "then re-runs the apply job."
		;;
	4)
		echo "### licentric-sync apply: the reviewed plan is stale"
		echo
		echo "The sources or the account changed since \`$sum\` was planned, so nothing was applied (exit 4). The fresh plan is below: review it in a new pull request that changes licentric.yaml (a comment line will do); merging that applies it."
		echo
		fresh="$work/fresh.md"
		"$bin" ${LS_CONFIG:+-c "$LS_CONFIG"} plan --format markdown >"$fresh" || true
		cap_file "$fresh" 60000
		cat "$fresh"
		;;
	*) echo "### licentric-sync apply failed (exit $code)" && echo && echo "The errors are in [the job log]($(run_url))." ;;
	esac
} >"$body"
if [ -n "$pr" ]; then
	upsert_comment "$pr" '<!-- licentric-sync-apply -->' "$body" || echo "Could not comment on pull request #$pr." >&2
fi
cat "$body" >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
exit "$code"
