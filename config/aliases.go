package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits on a config once its YAML aliases are expanded. A config that
// names products, policies and sources has no business being larger than
// this; a cyclic alias or a "billion laughs" chain of aliases would
// otherwise exhaust memory while it is expanded.
const (
	MaxExpandedNodes = 100_000
	MaxExpandedBytes = 4 << 20
)

// expansion is the size of a node with its aliases expanded.
type expansion struct{ nodes, bytes int }

// aliasCheck measures the expanded size of a document in one pass,
// memoising each anchor so the cost is linear in the file, and refuses a
// cycle or a size past the limits with the alias's position.
type aliasCheck struct {
	file   string
	memo   map[*yaml.Node]expansion
	onPath map[*yaml.Node]bool
}

func checkAliases(file string, root *yaml.Node) error {
	c := &aliasCheck{file: file, memo: map[*yaml.Node]expansion{}, onPath: map[*yaml.Node]bool{}}
	_, err := c.size(root)
	return err
}

func (c *aliasCheck) size(n *yaml.Node) (expansion, error) {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return expansion{}, c.refuse(n, "an alias without an anchor")
		}
		if c.onPath[n.Alias] {
			return expansion{}, c.refuse(n, fmt.Sprintf("alias *%s refers to a node that contains it (a cycle)", n.Value))
		}
		return c.size(n.Alias)
	}
	if e, ok := c.memo[n]; ok {
		return e, nil
	}
	c.onPath[n] = true
	defer delete(c.onPath, n)
	e := expansion{nodes: 1, bytes: len(n.Value)}
	for _, child := range n.Content {
		ce, err := c.size(child)
		if err != nil {
			return expansion{}, err
		}
		e.nodes, e.bytes = e.nodes+ce.nodes, e.bytes+ce.bytes
		if e.nodes > MaxExpandedNodes || e.bytes > MaxExpandedBytes {
			return expansion{}, c.refuse(child, fmt.Sprintf("with its aliases expanded the config exceeds %d values or %d MiB; "+
				"a licentric.yaml is far smaller: check the anchors (&) and aliases (*) here", MaxExpandedNodes, MaxExpandedBytes>>20))
		}
	}
	c.memo[n] = e
	return e, nil
}

func (c *aliasCheck) refuse(n *yaml.Node, what string) error {
	return Diagnostics{{c.file, n.Line, n.Column, "YAML aliases: " + what}}
}
