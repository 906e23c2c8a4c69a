#!/usr/bin/env bash
# The plan job's result, once the artifact and the comment are posted:
# no changes (0) and changes (2) pass; a blocked plan (3) passes only once
# acknowledged in the pull request; an error fails with its exit code.
# Usage: finish.sh EXIT_CODE ACKED
set -euo pipefail
code=${1:?usage: finish.sh EXIT_CODE ACKED}
case $code in
0 | 2) exit 0 ;;
3)
	[ "${2:-}" = true ] && exit 0
	echo "The plan is blocked by safety thresholds; the pull request comment says how to acknowledge it." >&2
	exit 3
	;;
*)
	echo "licentric-sync plan failed (exit $code); the errors are above in this job's log." >&2
	exit "$code"
	;;
esac
