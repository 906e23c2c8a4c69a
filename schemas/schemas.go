// Package schemas embeds the JSON Schemas that are part of the tool's
// contract: the config file format and the JSON plan format. They live in
// their own package because go:embed cannot reach parent directories.
package schemas

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ConfigJSON is the JSON Schema of licentric.yaml, version 1.
//
//go:embed config.schema.json
var ConfigJSON []byte

// PlanJSON is the JSON Schema of `plan --format json` and saved plans.
//
//go:embed plan.schema.json
var PlanJSON []byte

// VerifyJSON is the JSON Schema of `verify --format json`.
//
//go:embed verify.schema.json
var VerifyJSON []byte

// CompareJSON is the JSON Schema of `compare --format json`.
//
//go:embed compare.schema.json
var CompareJSON []byte

var (
	compileOnce sync.Once
	config      *jsonschema.Schema
	plan        *jsonschema.Schema
	verify      *jsonschema.Schema
	compareRep  *jsonschema.Schema
	compileErr  error
)

// Config returns the compiled config schema (compiled once per process).
func Config() (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	return config, compileErr
}

// Verify returns the compiled verify-report schema.
func Verify() (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	return verify, compileErr
}

// Compare returns the compiled compare-report schema.
func Compare() (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	return compareRep, compileErr
}

// Plan returns the compiled plan schema.
func Plan() (*jsonschema.Schema, error) {
	compileOnce.Do(compileAll)
	return plan, compileErr
}

// ValidateJSON decodes a JSON document (numbers kept exact) and checks it
// against a schema: how tests prove real output matches its documented
// shape.
func ValidateJSON(sch *jsonschema.Schema, r io.Reader) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	return sch.Validate(doc)
}

func compileAll() {
	config, compileErr = compile("config.schema.json", ConfigJSON)
	if compileErr != nil {
		return
	}
	if plan, compileErr = compile("plan.schema.json", PlanJSON); compileErr != nil {
		return
	}
	if verify, compileErr = compile("verify.schema.json", VerifyJSON); compileErr != nil {
		return
	}
	compareRep, compileErr = compile("compare.schema.json", CompareJSON)
}

func compile(name string, src []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schemas: %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		return nil, fmt.Errorf("schemas: %s: %w", name, err)
	}
	return c.Compile(name)
}
