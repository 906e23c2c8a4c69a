package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
)

// generate writes Keygen dotted-path CSV rows like the acceptance suite's;
// full adds the fields the JSON:API dump carries (license and policy ids,
// suspended, max machines, the owner's name), so the two formats can be
// compared on the same licenses.
func generate(path string, n int, full bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(uint64(n), 42))
	if full {
		w.WriteString("license.id,license.suspended,license.maxMachines,license.policy.id,license.user.fullName,")
	}
	fmt.Fprintln(w, "license.key,license.status,license.policy.name,license.user.email,license.expiry,license.metadata,license.created")
	for i := 0; i < n; i++ {
		st := "ACTIVE"
		if i%10 == 0 {
			st = "SUSPENDED"
		}
		if full {
			fmt.Fprintf(w, "lic-%d,%v,1,pol-1,User %d,", i, st == "SUSPENDED", i)
		}
		fmt.Fprintf(w, "%06X-%06X-%06X-%06X-%06X-V3,%s,CLI Monthly,user%d@example.com,2031-01-%02dT00:00:00.000Z,\"{\"\"orderId\"\": \"\"O-%d\"\"}\",2021-05-06T07:08:09.000Z\n",
			r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, st, i, 1+i%28, i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// generateJSONAPI writes one Keygen JSON:API dump of n licenses, each
// with its owner and the policy in "included", as the API pages it with
// include=owner,policy (but as a single document, links.next null).
func generateJSONAPI(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(uint64(n), 42))
	w.WriteString("{\"data\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		st := "ACTIVE"
		if i%10 == 0 {
			st = "SUSPENDED"
		}
		fmt.Fprintf(w, `  {"id": "lic-%d", "type": "licenses", "attributes": {"key": "%06X-%06X-%06X-%06X-%06X-V3", "status": %q, "suspended": %v, `+
			`"expiry": "2031-01-%02dT00:00:00.000Z", "created": "2021-05-06T07:08:09.000Z", "maxMachines": 1, "metadata": {"orderId": "O-%d"}}, `+
			`"relationships": {"policy": {"data": {"type": "policies", "id": "pol-1"}}, "owner": {"data": {"type": "users", "id": "usr-%d"}}}}`,
			i, r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, r.Uint32()&0xffffff, st, st == "SUSPENDED", 1+i%28, i, i)
	}
	w.WriteString("\n], \"included\": [\n  {\"id\": \"pol-1\", \"type\": \"policies\", \"attributes\": {\"name\": \"CLI Monthly\"}}")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, ",\n  {\"id\": \"usr-%d\", \"type\": \"users\", \"attributes\": {\"email\": \"user%d@example.com\", \"fullName\": \"User %d\"}}", i, i, i)
	}
	w.WriteString("\n], \"links\": {\"next\": null}}\n")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
