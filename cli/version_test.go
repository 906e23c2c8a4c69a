package cli

import (
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDescribeBuild(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: "2026-11-27T02:00:00Z"},
			{Key: "vcs.modified", Value: modified}}
	}
	rev := "0123456789abcdef0123456789abcdef01234567"
	for name, tc := range map[string]struct {
		ldflags string
		info    *debug.BuildInfo
		want    string
	}{
		"go install @version":   {"", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		"checkout, clean":       {"", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "false")}, "dev-0123456789ab"},
		"checkout, modified":    {"", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")}, "dev-0123456789ab+dirty"},
		"ldflags win":           {"v9.9.9", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v9.9.9"},
		"no build info at all":  {"", nil, "dev"},
		"go run without a repo": {"", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	} {
		if got := describeBuild(tc.ldflags, tc.info).version; got != tc.want {
			t.Errorf("%s: version %q, want %q", name, got, tc.want)
		}
	}
	b := describeBuild("", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "true")})
	want := build{version: "dev-0123456789ab+dirty", revision: rev, time: "2026-11-27T02:00:00Z", goVersion: "go1.26.8", dirty: true}
	if diff := cmp.Diff(want, b, cmp.AllowUnexported(build{})); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}
