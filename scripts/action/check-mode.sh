#!/usr/bin/env bash
# Refuses an unknown mode before anything is installed.
# In: LS_MODE (the action's mode input).
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

case ${LS_MODE:-} in
plan | apply | drift) ;;
*) die "mode \"${LS_MODE:-}\" is not plan, apply or drift" ;;
esac
