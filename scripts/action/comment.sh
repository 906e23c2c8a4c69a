#!/usr/bin/env bash
# Posts BODY_FILE as the pull request's sticky comment for MARKER (the body's
# first line): edited in place when it exists, created once otherwise.
# Usage: comment.sh BODY_FILE. Outside a pull request it does nothing.
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

body=${1:?usage: comment.sh BODY_FILE}
[ -s "$body" ] || die "comment body $body is missing or empty"
pr=$(pr_number)
if [ -z "$pr" ]; then
	echo "Not a pull request: no comment."
	exit 0
fi
need GITHUB_REPOSITORY
upsert_comment "$pr" "$(head -n 1 "$body")" "$body"
