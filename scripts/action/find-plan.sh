#!/usr/bin/env bash
# On a push to the default branch: which pull request was merged into this
# commit, and which run of the plan workflow planned its last commit (the
# run whose artifact the apply job downloads). A commit that no pull request
# brought in has no reviewed plan, so nothing is applied.
#
# In:  GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_TOKEN,
#      LS_PLAN_WORKFLOW (the plan workflow's file name).
# Out: outputs pr-number, run-id.
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

need GITHUB_SHA GITHUB_REPOSITORY LS_PLAN_WORKFLOW
pr=$(gh_api GET "/repos/$GITHUB_REPOSITORY/commits/$GITHUB_SHA/pulls" |
	jq -c '[.[] | select(.merged_at != null)][0] // empty')
[ -n "$pr" ] ||
	die "commit $GITHUB_SHA was not merged from a pull request: only a plan reviewed in a pull request is applied; open one"
number=$(jq -r .number <<<"$pr")
head=$(jq -r .head.sha <<<"$pr")
run=$(gh_api GET "/repos/$GITHUB_REPOSITORY/actions/workflows/$LS_PLAN_WORKFLOW/runs?head_sha=$head&event=pull_request&status=completed&per_page=1" |
	jq -r '.workflow_runs[0].id // empty')
[ -n "$run" ] ||
	die "no finished run of $LS_PLAN_WORKFLOW planned pull request #$number's last commit $head: re-run its plan check, then this job"
echo "Pull request #$number, planned by run $run of $LS_PLAN_WORKFLOW."
set_output pr-number "$number"
set_output run-id "$run"
