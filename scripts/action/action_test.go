package action_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	threeLicenses = "key,status,email\nK-0001,active,a@example.com\nK-0002,active,b@example.com\nK-0003,active,c@example.com\n"
	emailMoved    = "key,status,email\nK-0001,active,new@example.com\nK-0002,active,b@example.com\nK-0003,active,c@example.com\n"
	emailMovedTwo = "key,status,email\nK-0001,active,newer@example.com\nK-0002,active,b@example.com\nK-0003,active,c@example.com\n"
	oneRevoked    = "key,status,email\nK-0001,revoked,a@example.com\nK-0002,active,b@example.com\nK-0003,active,c@example.com\n"
	planMarker    = "<!-- licentric-sync-plan -->"
	applyMarker   = "<!-- licentric-sync-apply -->"
)

var checksumRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// planPR runs the plan mode's steps (plan.sh, comment.sh, finish.sh) and
// returns the plan's outputs and finish's exit code.
func (j *job) planPR() (map[string]string, int) {
	j.t.Helper()
	log, code, out := j.step("plan.sh", nil)
	if code != 0 {
		j.t.Fatalf("plan.sh exited %d:\n%s", code, log)
	}
	if log, code, _ := j.step("comment.sh", nil, out["comment"]); code != 0 {
		j.t.Fatalf("comment.sh exited %d:\n%s", code, log)
	}
	_, finish, _ := j.step("finish.sh", nil, out["exit-code"], out["acked"])
	return out, finish
}

// artifact copies the plan file where the apply job's download puts it.
func (j *job) artifact(out map[string]string) string {
	j.t.Helper()
	dst := filepath.Join(j.t.TempDir(), "reviewed", "licentric.plan")
	write(j.t, dst, read(j.t, out["plan-path"]))
	return dst
}

// only returns the one comment with the marker, failing if there is not
// exactly one.
func only(t *testing.T, cs []comment, marker string) comment {
	t.Helper()
	var found []comment
	for _, c := range cs {
		if strings.HasPrefix(c.Body, marker) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d comments start with %s, want 1", len(found), marker)
	}
	return found[0]
}

// TestPlanCommentThenApplyThePlan: the PR plan posts one comment and then
// edits it; the saved plan file (the artifact) is what apply runs.
func TestPlanCommentThenApplyThePlan(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	j := newJob(t, threeLicenses)
	out, finish := j.planPR()
	if out["exit-code"] != "2" || finish != 0 {
		t.Fatalf("plan exit-code %q, finish %d; want 2 (changes) and a passing job", out["exit-code"], finish)
	}
	if out["create"] != "5" || out["update"] != "0" || !checksumRE.MatchString(out["checksum"]) {
		t.Fatalf("outputs %v: want 5 creates (product, policy, 3 licenses) and a checksum", out)
	}
	if posts, patches := j.gh.counts(); posts != 1 || patches != 0 {
		t.Fatalf("first plan: %d comments created, %d edited; want 1, 0", posts, patches)
	}
	first := only(t, j.gh.pr(7), planMarker)
	for _, want := range []string{"<!-- licentric-sync-checksum: " + out["checksum"] + " -->", "changes to apply on merge", "licentric-plan"} {
		if !strings.Contains(first.Body, want) {
			t.Errorf("the comment lacks %q:\n%s", want, first.Body)
		}
	}
	if strings.Contains(first.Body, "K-0001") || strings.Contains(first.Body, "a@example.com") {
		t.Fatalf("the comment shows a key or an email:\n%s", first.Body)
	}

	out, _ = j.planPR()
	if posts, patches := j.gh.counts(); posts != 1 || patches != 1 {
		t.Fatalf("second plan: %d comments created, %d edited; want 1, 1", posts, patches)
	}
	if c := only(t, j.gh.pr(7), planMarker); c.ID != first.ID {
		t.Fatalf("the second plan went to comment %d, not %d", c.ID, first.ID)
	}

	log, code, applied := j.step("apply.sh", map[string]string{"LS_PLAN_PATH": j.artifact(out), "LS_PR_NUMBER": "7", "GITHUB_EVENT_PATH": ""})
	if code != 0 || applied["exit-code"] != "0" || applied["checksum"] != out["checksum"] {
		t.Fatalf("apply.sh exited %d, outputs %v:\n%s", code, applied, log)
	}
	if c := only(t, j.gh.pr(7), applyMarker); !strings.Contains(c.Body, "Apply complete: 5 created") {
		t.Fatalf("the apply comment does not report the apply:\n%s", c.Body)
	}
	if _, code, _ := j.step("drift.sh", nil); code != 0 {
		t.Fatalf("after the apply, drift.sh exited %d, want 0 (nothing left to do)", code)
	}
}

// TestStalePlanIsNotApplied: the sources moved after review, so apply
// stops with 4 and the PR gets the fresh plan; a plan file that is not
// the one the comment shows is refused before anything runs.
func TestStalePlanIsNotApplied(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	j := newJob(t, threeLicenses)
	if _, code, _ := j.step("drift.sh", map[string]string{"LS_DRIFT_APPLY": "true"}); code != 0 {
		t.Fatalf("drift.sh with drift-apply exited %d, want 0 (applied)", code)
	}
	j.export(emailMoved)
	out, _ := j.planPR()
	if out["update"] != "1" {
		t.Fatalf("outputs %v, want one update", out)
	}
	plan := j.artifact(out)
	j.export(emailMovedTwo)
	log, code, applied := j.step("apply.sh", map[string]string{"LS_PLAN_PATH": plan})
	if code != 4 || applied["exit-code"] != "4" {
		t.Fatalf("apply.sh of a stale plan exited %d (output %q), want 4:\n%s", code, applied["exit-code"], log)
	}
	c := only(t, j.gh.pr(7), applyMarker)
	if !strings.Contains(c.Body, "the reviewed plan is stale") || !strings.Contains(c.Body, "update") {
		t.Fatalf("the PR was not told, with the fresh plan:\n%s", c.Body)
	}
	if _, code, _ := j.step("drift.sh", nil); code != 2 {
		t.Fatalf("drift.sh exited %d after the refused apply, want 2: nothing may have been applied", code)
	}

	other := filepath.Join(t.TempDir(), "licentric.plan")
	cmdOut, err := runCLI(j, "plan", "-o", other)
	if err != nil {
		t.Fatalf("plan -o: %v\n%s", err, cmdOut)
	}
	log, code, _ = j.step("apply.sh", map[string]string{"LS_PLAN_PATH": other})
	if code != 1 || !strings.Contains(log, "refusing to apply a plan nobody reviewed") {
		t.Fatalf("apply.sh of an unreviewed plan exited %d, want 1:\n%s", code, log)
	}
}

// TestBlockedPlanAcknowledgedInThePR: a blocked plan fails the check until
// a maintainer comments the ack line with its checksum; a comment by
// someone else does not count; apply then passes exactly that --ack.
func TestBlockedPlanAcknowledgedInThePR(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	j := newJob(t, threeLicenses)
	if _, code, _ := j.step("drift.sh", map[string]string{"LS_DRIFT_APPLY": "true"}); code != 0 {
		t.Fatalf("drift.sh with drift-apply exited %d, want 0", code)
	}
	j.export(oneRevoked)
	out, finish := j.planPR()
	if out["exit-code"] != "3" || out["acked"] != "" || finish != 3 {
		t.Fatalf("blocked plan: outputs %v, finish %d; want exit-code 3, not acked, a failing check", out, finish)
	}
	line := "/licentric-sync ack " + out["checksum"]
	if body := only(t, j.gh.pr(7), planMarker).Body; !strings.Contains(body, "    "+line+"\n") {
		t.Fatalf("the comment does not say how to acknowledge:\n%s", body)
	}
	j.gh.addComment(7, "LGTM\n"+line, "CONTRIBUTOR", "drive-by")
	if out, finish := j.planPR(); out["acked"] != "" || finish != 3 {
		t.Fatalf("a contributor's ack was taken: %v", out)
	}
	if log, code, _ := j.step("apply.sh", map[string]string{"LS_PLAN_PATH": j.artifact(out)}); code != 3 {
		t.Fatalf("apply.sh of a blocked plan nobody acknowledged exited %d, want 3:\n%s", code, log)
	}
	if body := only(t, j.gh.pr(7), applyMarker).Body; !strings.Contains(body, "apply: blocked") || !strings.Contains(body, "    "+line+"\n") {
		t.Fatalf("the blocked apply does not say how to acknowledge:\n%s", body)
	}
	j.gh.addComment(7, "Reviewed the revoke.\n"+line+"\n", "MEMBER", "lead")
	out, finish = j.planPR()
	if out["acked"] != "true" || finish != 0 {
		t.Fatalf("the member's ack was not seen: outputs %v, finish %d", out, finish)
	}
	log, code, _ := j.step("apply.sh", map[string]string{"LS_PLAN_PATH": j.artifact(out)})
	if code != 0 || !strings.Contains(log, "acknowledged with --ack "+out["checksum"]) {
		t.Fatalf("apply.sh exited %d, want 0 with the ack:\n%s", code, log)
	}
}

// TestPlanErrorCommentHasNoStderr: a failing plan comments that it failed
// and points at the log; the error text stays out of the comment.
func TestPlanErrorCommentHasNoStderr(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	j := newJob(t, "key,status,email\nK-0001,weird,a@example.com\n")
	out, finish := j.planPR()
	if out["exit-code"] != "1" || finish != 1 || out["plan-path"] != "" {
		t.Fatalf("outputs %v, finish %d; want exit 1, no plan file, a failing check", out, finish)
	}
	body := only(t, j.gh.pr(7), planMarker).Body
	if !strings.Contains(body, "plan failed (exit 1)") || !strings.Contains(body, "/actions/runs/42") {
		t.Fatalf("the comment does not say the plan failed and where to look:\n%s", body)
	}
	if log, _, _ := j.step("plan.sh", nil); !strings.Contains(log, `unknown status "weird"`) {
		t.Fatalf("the error is not in the job log:\n%s", log)
	}
	if strings.Contains(body, "weird") {
		t.Fatalf("stderr reached the comment:\n%s", body)
	}
}

// TestPlanCommentIsBounded: a plan far larger than a comment may be is cut
// below GitHub's 65,536 characters, and says so; the whole plan stays in
// the artifact.
func TestPlanCommentIsBounded(t *testing.T) {
	t.Parallel() // each job has its own sandbox, fake GitHub and folders
	var b strings.Builder
	b.WriteString("key,status,email\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "K-%06d,active,user%d@example.com\n", i, i)
	}
	j := newJob(t, b.String())
	out, finish := j.planPR()
	if out["exit-code"] != "2" || finish != 0 || out["create"] != "3002" {
		t.Fatalf("outputs %v, finish %d", out, finish)
	}
	body := only(t, j.gh.pr(7), planMarker).Body
	if len(body) >= 65536 || !strings.Contains(body, "*Cut at ") || !strings.Contains(body, out["checksum"]) {
		t.Fatalf("comment of %d bytes: not cut below 65,536 with a note and the checksum", len(body))
	}
}

// runCLI runs the built licentric-sync in the job's checkout.
func runCLI(j *job, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(binDir, "licentric-sync"), args...)
	cmd.Dir = j.dir
	cmd.Env = append(cleanEnv(), "LICENTRIC_API_KEY="+j.env["LICENTRIC_API_KEY"])
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// TestVersionIsStamped: the -ldflags a release build passes is what
// `version` prints (and what install.sh checks after downloading).
func TestVersionIsStamped(t *testing.T) {
	j := newJob(t, threeLicenses)
	out, err := runCLI(j, "version")
	if err != nil || !strings.HasPrefix(out, "licentric-sync "+stamped+"\n") {
		t.Fatalf("version printed %q (%v), want licentric-sync %s first", out, err, stamped)
	}
}
