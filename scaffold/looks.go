package scaffold

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/licentric/licentric-sync/providers/tabular"
)

// lookalike is what an export shows of a platform: the platform and the
// evidence, for a message.
type lookalike struct {
	Platform string
	Evidence string
}

// CheckPlatform refuses an export that looks like another platform's than
// the one init was asked for: read with the wrong reader, a Keygen export
// loses its owners and policies without a word. files are the export's
// files; display shows a file's path as the user gave it.
func CheckPlatform(platform string, files []string, display func(string) string) error {
	for _, f := range files {
		scores, err := resemblance(f, display(f))
		if err != nil {
			return err
		}
		if r, ok := otherPlatform(platform, scores); ok {
			return fmt.Errorf("%s looks like a %s export (%s), not a %s one: run init with --platform %s",
				display(f), factsOf(r.Platform).Name, r.Evidence, factsOf(platform).Name, r.Platform)
		}
	}
	return nil
}

// score is one platform's weight of evidence in a file.
type score struct {
	weight int
	names  []string
}

// otherPlatform picks the platform other than the chosen one that the
// evidence points to, if it points clearly: past the threshold, and more
// than to the chosen platform.
func otherPlatform(chosen string, scores map[string]score) (lookalike, bool) {
	best, bestScore := "", score{}
	for _, p := range platforms().Names() {
		if s := scores[p]; p != chosen && s.weight > bestScore.weight {
			best, bestScore = p, s
		}
	}
	if best == "" || bestScore.weight < looksThreshold || bestScore.weight <= scores[chosen].weight {
		return lookalike{}, false
	}
	return lookalike{Platform: best, Evidence: strings.Join(bestScore.names, ", ")}, true
}

// resemblance weighs a file's header row, or its JSON shape, against
// every platform's table.
func resemblance(path, display string) (map[string]score, error) {
	o, err := tabular.OpenFile(path, display)
	if err != nil {
		return nil, err
	}
	defer o.Close()
	if o.Format == tabular.JSON {
		return jsonResemblance(o.Reader)
	}
	c, err := tabular.NewCSV(o)
	if err != nil {
		return nil, err
	}
	return headerScores(c.Header, "columns "), nil
}

// headerScores weighs column names (or JSON member names) per platform.
func headerScores(names []string, label string) map[string]score {
	out := map[string]score{}
	for _, p := range platforms() {
		var s score
		for _, n := range names {
			if w := p.Init.Headers[tabular.Normalize(n)]; w > 0 {
				s.weight += w
				s.names = append(s.names, fmt.Sprintf("%q", n))
			}
		}
		if len(s.names) > 0 {
			s.names[0] = label + s.names[0]
		}
		out[p.Name] = s
	}
	return out
}

// jsonResemblance reads as little of a JSON export as tells its shape: a
// bare array's first object's members, or a JSON:API document's resource
// type (its data comes first in every platform's answers).
func jsonResemblance(r io.Reader) (map[string]score, error) {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return map[string]score{}, nil // the reader reports bad JSON with its position
	}
	switch tok {
	case json.Delim('['):
		var first map[string]json.RawMessage
		if !dec.More() || dec.Decode(&first) != nil {
			return map[string]score{}, nil
		}
		return headerScores(slices.Sorted(maps.Keys(first)), "members "), nil
	case json.Delim('{'):
		return objectResemblance(dec)
	}
	return map[string]score{}, nil
}

// objectResemblance looks for data (a JSON:API document) or a member only
// one platform's answers have, skipping other members (links, meta).
func objectResemblance(dec *json.Decoder) (map[string]score, error) {
	for dec.More() {
		key, ok := nextKey(dec)
		if !ok {
			break
		}
		if p, ok := memberOwner(key); ok {
			return decisive(p, fmt.Sprintf("a top-level %q member", key)), nil
		}
		if key == "data" {
			return typeResemblance(dec), nil
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return map[string]score{}, nil
}

// typeResemblance names the platform whose license resources carry the
// type of data's first resource, reading only that resource: a list of a
// million licenses is not loaded to learn its type.
func typeResemblance(dec *json.Decoder) map[string]score {
	tok, err := dec.Token()
	if err != nil {
		return map[string]score{}
	}
	var one struct {
		Type string `json:"type"`
	}
	switch tok {
	case json.Delim('['):
		if !dec.More() || dec.Decode(&one) != nil {
			return map[string]score{}
		}
	case json.Delim('{'):
		for dec.More() && one.Type == "" {
			key, ok := nextKey(dec)
			if !ok {
				return map[string]score{}
			}
			var v json.RawMessage
			if dec.Decode(&v) != nil {
				return map[string]score{}
			}
			if key == "type" {
				_ = json.Unmarshal(v, &one.Type)
			}
		}
	}
	for _, p := range platforms() {
		if one.Type != "" && slices.Contains(p.Init.JSONTypes, one.Type) {
			return decisive(p.Name, fmt.Sprintf("JSON:API resources of type %q", one.Type))
		}
	}
	return map[string]score{}
}

// nextKey reads an object member's name.
func nextKey(dec *json.Decoder) (string, bool) {
	tok, err := dec.Token()
	if err != nil {
		return "", false
	}
	key, ok := tok.(string)
	return key, ok
}

func memberOwner(key string) (string, bool) {
	for _, p := range platforms() {
		if slices.Contains(p.Init.JSONMembers, key) {
			return p.Name, true
		}
	}
	return "", false
}

// decisive is evidence that settles the question alone.
func decisive(platform, evidence string) map[string]score {
	return map[string]score{platform: {weight: 100, names: []string{evidence}}}
}
