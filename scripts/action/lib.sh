# shellcheck shell=bash
# Shared by the action's steps (action.yml runs scripts/action/*.sh). Sourced,
# never run. Everything GitHub-specific goes through the REST API at
# $GITHUB_API_URL with $GITHUB_TOKEN, so the tests point it at a fake.

# die prints an error naming the step and exits 1.
die() {
	echo "licentric-sync action: $*" >&2
	exit 1
}

# need fails unless every named variable is set and not empty.
need() {
	local v
	for v in "$@"; do
		[ -n "${!v:-}" ] || die "\$$v is empty; the action sets it (see action.yml), a test must too"
	done
}

# workdir prints the directory the steps keep their files in (plan, comment
# bodies), under the runner's temporary directory, creating it.
workdir() {
	need RUNNER_TEMP
	mkdir -p "$RUNNER_TEMP/licentric-sync"
	echo "$RUNNER_TEMP/licentric-sync"
}

# set_output NAME VALUE records a step output (a single line).
set_output() {
	need GITHUB_OUTPUT
	printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
}

# gh_api METHOD PATH [JSON_FILE] calls the GitHub REST API and prints the
# response body; a status outside 2xx fails, naming the call, not the token.
gh_api() {
	need GITHUB_API_URL GITHUB_TOKEN
	local method=$1 path=$2 data=${3:-} out code
	out=$(mktemp)
	local args=(-sS -o "$out" -w '%{http_code}' -X "$method"
		-H "Authorization: Bearer $GITHUB_TOKEN"
		-H "Accept: application/vnd.github+json"
		-H "X-GitHub-Api-Version: 2022-11-28")
	if [ -n "$data" ]; then
		args+=(-H "Content-Type: application/json" --data-binary "@$data")
	fi
	code=$(curl "${args[@]}" "$GITHUB_API_URL$path") || {
		rm -f "$out"
		die "$method $path: the GitHub API did not answer"
	}
	if [ "${code:0:1}" != 2 ]; then
		echo "licentric-sync action: $method $path: HTTP $code: $(head -c 300 "$out")" >&2
		rm -f "$out"
		return 1
	fi
	cat "$out"
	rm -f "$out"
}

# pr_number prints the pull request this run is about: $LS_PR_NUMBER, or
# the pull_request event's number; empty outside a pull request.
pr_number() {
	if [ -n "${LS_PR_NUMBER:-}" ]; then
		echo "$LS_PR_NUMBER"
	elif [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
		jq -r '.pull_request.number // empty' "$GITHUB_EVENT_PATH"
	fi
}

# list_comments PR prints the pull request's comments as one JSON array,
# every page (100 a page, at most 100 pages).
list_comments() {
	local pr=$1 page=1 chunk all='[]' n
	while [ "$page" -le 100 ]; do
		chunk=$(gh_api GET "/repos/$GITHUB_REPOSITORY/issues/$pr/comments?per_page=100&page=$page") || return 1
		all=$(jq -c --argjson a "$all" '$a + .' <<<"$chunk")
		n=$(jq length <<<"$chunk")
		[ "$n" -lt 100 ] && break
		page=$((page + 1))
	done
	echo "$all"
}

# upsert_comment PR MARKER BODY_FILE keeps one comment per marker: the
# comment whose body starts with MARKER is edited in place, or created.
upsert_comment() {
	local pr=$1 marker=$2 body=$3 id payload
	need GITHUB_REPOSITORY
	id=$(list_comments "$pr" | jq -r --arg m "$marker" '[.[] | select(.body | startswith($m))][0].id // empty') || return 1
	payload=$(mktemp)
	jq -Rs '{body: .}' "$body" >"$payload"
	if [ -n "$id" ]; then
		gh_api PATCH "/repos/$GITHUB_REPOSITORY/issues/comments/$id" "$payload" >/dev/null || return 1
		echo "Updated the pull request comment $id."
	else
		gh_api POST "/repos/$GITHUB_REPOSITORY/issues/$pr/comments" "$payload" >/dev/null || return 1
		echo "Created the pull request comment."
	fi
	rm -f "$payload"
}

# find_ack PR CHECKSUM prints CHECKSUM when a maintainer (owner, member or
# collaborator) commented a line "/licentric-sync ack CHECKSUM" on the pull
# request, and the login of who did on stderr. The bot's own comments
# (which quote the line in backticks) never match.
find_ack() {
	local pr=$1 sum=$2 who
	who=$(list_comments "$pr" | jq -r --arg line "/licentric-sync ack $sum" '
		[.[] | select(.author_association == "OWNER" or .author_association == "MEMBER" or .author_association == "COLLABORATOR")
		     | select(.body | split("\n") | map(sub("\\s+$"; "")) | index($line))][0].user.login // empty') || return 1
	if [ -n "$who" ]; then
		echo "The blocked plan $sum was acknowledged in the pull request by $who." >&2
		echo "$sum"
	fi
}

# plan_field FILE JQ reads one field of a saved plan's header (its first
# line: checksum, summary) without reading the changes, which hold keys.
plan_field() {
	head -n 1 "$1" | jq -r "$2"
}

# plan_outputs FILE sets the plan-path, checksum and create/update/delete/
# status-changes outputs from a saved plan.
plan_outputs() {
	local f=$1 k
	set_output plan-path "$f"
	set_output checksum "$(plan_field "$f" .checksum)"
	for k in create update delete status_changes; do
		set_output "${k//_/-}" "$(plan_field "$f" ".summary.$k // 0")"
	done
}

# run_plan PLAN MARKDOWN runs `plan -o PLAN --format markdown
# --detailed-exitcode` (with -c $LS_CONFIG when set), stdout to MARKDOWN,
# stderr to the job log only; sets the outputs of the saved plan and
# prints the exit code.
run_plan() {
	local plan=$1 md=$2 code
	rm -f "$plan"
	set +e
	"${LS_BIN:-licentric-sync}" ${LS_CONFIG:+-c "$LS_CONFIG"} plan -o "$plan" --format markdown --detailed-exitcode >"$md"
	code=$?
	set -e
	[ ! -f "$plan" ] || plan_outputs "$plan" >&2
	echo "$code"
}

# cap_file FILE MAX_BYTES cuts FILE to at most MAX_BYTES (plus a short note),
# at a line end, closing a code fence left open, so a PR comment (65,536
# characters at most) or a step summary (1 MiB) is never refused.
cap_file() {
	local f=$1 max=$2 size cut
	size=$(wc -c <"$f")
	[ "$size" -le "$max" ] && return 0
	cut=$(mktemp)
	head -c "$max" "$f" | sed '$d' >"$cut"
	if [ $(($(grep -c '^```' "$cut" || true) % 2)) = 1 ]; then
		echo '```' >>"$cut"
	fi
	printf '\n*Cut at %d of %d bytes to fit here; the whole plan is in the job log and the plan artifact.*\n' \
		"$(wc -c <"$cut")" "$size" >>"$cut"
	mv "$cut" "$f"
}

# run_url is the link to this run's log, for comments.
run_url() {
	echo "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
}
