package main

import (
	"fmt"
	"os"
	"strings"
)

// The changes the -view benchmark makes to its export between applies,
// each on licenses no earlier step touched: row off, off+n/k, … (rows
// whose index ends in 0 are the export's suspended ones).

// spread is k row indexes spread over n rows, starting at off.
func spread(n, k, off int) []int {
	rows := make([]int, k)
	for i := range rows {
		rows[i] = off + i*(n/k)
	}
	return rows
}

// editRows replaces old with new in each named row of the export (row 0
// is the first license, after the header); every row must hold old.
func editRows(csv string, rows []int, old, new string) {
	b, err := os.ReadFile(csv)
	check(err)
	lines := strings.Split(string(b), "\n")
	for _, r := range rows {
		if r+1 >= len(lines) || !strings.Contains(lines[r+1], old) {
			check(fmt.Errorf("bench: row %d of %s does not hold %q", r, csv, old))
		}
		lines[r+1] = strings.Replace(lines[r+1], old, new, 1)
	}
	check(os.WriteFile(csv, []byte(strings.Join(lines, "\n")), 0o644))
}

// changeEmails gives k licenses from row off a new email: field updates.
func changeEmails(csv string, n, k, off int) {
	for _, r := range spread(n, k, off) {
		editRows(csv, []int{r}, fmt.Sprintf(",user%d@example.com,", r), fmt.Sprintf(",changed%d@example.com,", r))
	}
}

// setStatus moves k active licenses from row off to status (SUSPENDED,
// REVOKED): status actions with no field update.
func setStatus(csv string, n, k, off int, status string) {
	editRows(csv, spread(n, k, off), ",ACTIVE,", ","+status+",")
}

// renew moves the expiry of k licenses from row off a year on: a renewal
// is a field update of expiresAt.
func renew(csv string, n, k, off int) {
	editRows(csv, spread(n, k, off), ",2031-01-", ",2032-01-")
}

// sell appends k new licenses (new sales) with keys no other step uses.
func sell(csv, tag string, k int) {
	f, err := os.OpenFile(csv, os.O_APPEND|os.O_WRONLY, 0)
	check(err)
	for i := 0; i < k; i++ {
		fmt.Fprintf(f, "NEW-%s-%06d-V3,ACTIVE,CLI Monthly,new-%s-%d@example.com,2027-12-01T00:00:00.000Z,\"{\"\"orderId\"\": \"\"N-%s-%d\"\"}\",2026-12-01T00:00:00.000Z\n",
			tag, i, tag, i, tag, i)
	}
	check(f.Close())
}

// setRecheck turns the re-check of each license before its write on or
// off in the config (target.licentric.recheck).
func setRecheck(cfg string, on bool) {
	b, err := os.ReadFile(cfg)
	check(err)
	s := strings.Replace(string(b), "    recheck: false\n", "", 1)
	if !on {
		s = strings.Replace(s, "  licentric:\n", "  licentric:\n    recheck: false\n", 1)
	}
	check(os.WriteFile(cfg, []byte(s), 0o644))
}
