#!/usr/bin/env bash
# Installs licentric-sync $LS_VERSION for this runner: the release archive
# for its OS and architecture, checked against the release's checksums.txt;
# when the release has no such archive (or cannot be downloaded), `go
# install` of the same version. A checksum that does not match stops here:
# that is never a reason to fall back. Prints nothing secret.
#
# In:  LS_VERSION (vX.Y.Z), RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
#      LS_REPOSITORY (owner/name of the releases), GITHUB_SERVER_URL.
# Out: step output `path` (the binary), its directory on $GITHUB_PATH.
set -euo pipefail
# shellcheck source=scripts/action/lib.sh
. "$(dirname "$0")/lib.sh"

need LS_VERSION RUNNER_OS RUNNER_ARCH RUNNER_TEMP
[[ $LS_VERSION =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
	die "version \"$LS_VERSION\" is not a release tag such as v1.2.3: pin the release you rehearsed with, never latest"
repo=${LS_REPOSITORY:-licentric/licentric-sync}
server=${GITHUB_SERVER_URL:-https://github.com}

case $RUNNER_OS in
Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;;
*) die "runner OS \"$RUNNER_OS\" has no release build (Linux, macOS, Windows)" ;;
esac
case $RUNNER_ARCH in
X64) arch=amd64 ;; ARM64) arch=arm64 ;;
*) die "runner architecture \"$RUNNER_ARCH\" has no release build (X64, ARM64)" ;;
esac
ext=tar.gz exe=licentric-sync
if [ "$os" = windows ]; then ext=zip exe=licentric-sync.exe; fi
archive="licentric-sync_${LS_VERSION#v}_${os}_${arch}.$ext"
dir="$RUNNER_TEMP/licentric-sync-$LS_VERSION"
mkdir -p "$dir"

sha256() {
	if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# download fetches the release archive and checks it; 1 when the release
# cannot be downloaded, exit when it can but does not match.
download() {
	local base="$server/$repo/releases/download/$LS_VERSION" want got
	curl -fsSL --retry 3 -o "$dir/checksums.txt" "$base/checksums.txt" || return 1
	curl -fsSL --retry 3 -o "$dir/$archive" "$base/$archive" || return 1
	want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$dir/checksums.txt")
	[ -n "$want" ] || die "$base/checksums.txt lists no $archive: this release was not built for $os/$arch"
	got=$(sha256 "$dir/$archive")
	[ "$got" = "$want" ] ||
		die "$archive does not match checksums.txt (sha256 $got, listed $want): refusing to run it; download it again or report the release"
	echo "Checked $archive against checksums.txt (sha256 $got)."
	if [ "$ext" = zip ]; then
		unzip -o -q "$dir/$archive" "$exe" -d "$dir" || die "$archive: unzip failed"
	else
		tar -xzf "$dir/$archive" -C "$dir" "$exe" || die "$archive: tar failed"
	fi
	rm -f "$dir/$archive"
}

if ! download; then
	echo "No release archive at $server/$repo/releases/download/$LS_VERSION/$archive; building it with go install instead." >&2
	command -v go >/dev/null || die "go install needs Go on the runner (actions/setup-go), and the release archive could not be downloaded"
	GOBIN="$dir" go install "github.com/licentric/licentric-sync/cmd/licentric-sync@$LS_VERSION" ||
		die "go install github.com/licentric/licentric-sync/cmd/licentric-sync@$LS_VERSION failed; is $LS_VERSION a tag of the project?"
fi

got=$("$dir/$exe" version | sed -n 1p)
[ "$got" = "licentric-sync $LS_VERSION" ] ||
	die "the installed binary says \"$got\", not licentric-sync $LS_VERSION"
echo "Installed $got in $dir."
set_output path "$dir/$exe"
[ -z "${GITHUB_PATH:-}" ] || echo "$dir" >>"$GITHUB_PATH"
