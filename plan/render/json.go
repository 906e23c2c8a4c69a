package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/licentric/licentric-sync/license"
	"github.com/licentric/licentric-sync/plan"
)

// jsonPlan is the machine-readable plan, versioned by format_version and
// described by schemas/plan.schema.json. Sensitive values are redacted
// exactly as in the text form unless --show-sensitive was given.
type jsonPlan struct {
	FormatVersion     string           `json:"format_version"`
	ToolVersion       string           `json:"tool_version"`
	Target            string           `json:"target"`
	TargetAsOf        *plan.ViewRead   `json:"target_as_of,omitempty"`
	Checksum          string           `json:"checksum"`
	TargetFingerprint string           `json:"target_fingerprint"`
	Stale             string           `json:"stale,omitempty"`
	Inputs            []plan.Input     `json:"inputs"`
	Summary           jsonSummary      `json:"summary"`
	Estimate          plan.Estimate    `json:"estimate"`
	Blocked           *jsonBlocked     `json:"blocked,omitempty"`
	Account           *plan.AccountUse `json:"account,omitempty"`
	Requests          *plan.Requests   `json:"requests,omitempty"`
	Only              []string         `json:"only,omitempty"`
	// changes and diagnostics follow, streamed by JSON.
}

// jsonBlocked says the plan crosses safety thresholds and how to accept it.
type jsonBlocked struct {
	Reasons []string `json:"reasons"`
	Ack     string   `json:"ack"`
}

type jsonSummary struct {
	Create        int                               `json:"create"`
	Update        int                               `json:"update"`
	Delete        int                               `json:"delete"`
	StatusChanges int                               `json:"status_changes"`
	ByKind        map[plan.Kind]map[plan.Action]int `json:"by_kind"`
	Line          string                            `json:"line"`
}

type jsonChange struct {
	Kind         plan.Kind        `json:"kind"`
	Action       plan.Action      `json:"action"`
	StatusAction string           `json:"status_action,omitempty"`
	ID           string           `json:"id"`
	Fields       []plan.FieldDiff `json:"fields"`
	Reason       string           `json:"reason,omitempty"`
	Origin       *license.Origin  `json:"origin,omitempty"`
	After        *jsonLicense     `json:"after,omitempty"`
}

type jsonLicense struct {
	Status              license.Status `json:"status"`
	Product             string         `json:"product"`
	Policy              string         `json:"policy"`
	Name                string         `json:"name,omitempty"`
	UserEmail           string         `json:"userEmail,omitempty"`
	UserName            string         `json:"userName,omitempty"`
	ExpiresAt           string         `json:"expiresAt,omitempty"`
	MaxMachinesOverride *int           `json:"maxMachinesOverride,omitempty"`
}

// JSON writes the plan as one JSON document. The changes are streamed one
// compact object per line, so a million-change plan renders in about the
// time it takes to print and never builds a second copy of the plan.
func JSON(w io.Writer, p *plan.Plan, o Options) error {
	o.checksum(p)
	head := jsonPlan{FormatVersion: p.FormatVersion, ToolVersion: p.ToolVersion, Target: license.HideUserinfo(p.Target), Checksum: o.Checksum,
		TargetFingerprint: p.TargetFingerprint, TargetAsOf: p.TargetAsOf, Requests: p.Quota, Stale: o.Stale, Inputs: p.Inputs, Estimate: p.Estimate, Account: p.Account, Only: p.Only,
		Summary: jsonSummary{Create: p.Summary.Create, Update: p.Summary.Update, Delete: p.Summary.Delete,
			StatusChanges: p.Summary.StatusChanges, ByKind: p.Summary.ByKind, Line: p.Summary.Line()}}
	if len(o.Blocked) > 0 {
		head.Blocked = &jsonBlocked{Reasons: o.Blocked, Ack: o.ackCommand(p)}
	}
	if head.Inputs == nil {
		head.Inputs = []plan.Input{}
	}
	diags := make([]plan.Diagnostic, len(p.Diagnostics))
	for i, d := range p.Diagnostics {
		diags[i] = d.Shown(o.Redact.Show)
	}
	top, err := json.MarshalIndent(head, "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	top = license.EscapeJSONControls(top) // DEL, C1 and bidi: see EscapeJSONControls
	bw.Write(bytes.TrimRight(bytes.TrimSuffix(bytes.TrimRight(top, " \n"), []byte("}")), " \n"))
	bw.WriteString(",\n  \"changes\": [")
	for i := range p.Changes {
		b, err := json.Marshal(jsonChangeOf(&p.Changes[i], o.Redact))
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(license.EscapeJSONControls(b))
	}
	if len(p.Changes) > 0 {
		bw.WriteString("\n  ")
	}
	d, err := json.MarshalIndent(diags, "  ", "  ")
	if err != nil {
		return err
	}
	bw.WriteString("],\n  \"diagnostics\": ")
	bw.Write(license.EscapeJSONControls(d))
	bw.WriteString("\n}\n")
	return bw.Flush()
}

func jsonChangeOf(c *plan.Change, r license.Redactor) jsonChange {
	jc := jsonChange{Kind: c.Kind, Action: c.Action, StatusAction: string(c.StatusAction), ID: identity(c, r),
		Reason: c.Reason, Fields: make([]plan.FieldDiff, 0, len(c.Fields))}
	for _, f := range c.Fields {
		jc.Fields = append(jc.Fields, plan.FieldDiff{Field: f.Field, Before: redactedRaw(f, f.Before, r),
			After: redactedRaw(f, f.After, r), Sensitivity: f.Sensitivity})
	}
	if l := c.License; l != nil {
		o := l.Origin
		jc.Origin = &o
		if c.Action != plan.Delete {
			jc.After = &jsonLicense{Status: l.Status, Product: l.Product, Policy: l.Policy, Name: l.Name,
				UserEmail: r.Email(l.UserEmail), UserName: r.Name(l.UserName), ExpiresAt: license.FormatTime(l.ExpiresAt),
				MaxMachinesOverride: l.MaxMachinesOverride}
		}
	}
	return jc
}

func redactedRaw(f plan.FieldDiff, v string, r license.Redactor) string {
	if v == "" {
		return ""
	}
	return value(f, v, r)
}
