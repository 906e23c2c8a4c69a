package livefake

import (
	"encoding/json"
	"fmt"
	"os"
)

// Load fills a fake from an export file in the platform's API shape: a
// JSON:API list document (Keygen, LemonSqueezy; its included resources
// are served with the licenses that point at them) or a bare array
// (Cryptlex). products, for Cryptlex, is a bare array of products or "".
func Load(platform, token, path, products string) (*Server, error) {
	s := &Server{Platform: platform, Token: token, Included: map[string]json.RawMessage{}}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if platform == "cryptlex" {
		if err := json.Unmarshal(raw, &s.Licenses); err != nil {
			return nil, fmt.Errorf("%s: want a JSON array of licenses: %w", path, err)
		}
		if products != "" {
			raw, err := os.ReadFile(products)
			if err != nil {
				return nil, err
			}
			if err := json.Unmarshal(raw, &s.Products); err != nil {
				return nil, fmt.Errorf("%s: want a JSON array of products: %w", products, err)
			}
		}
		return s, nil
	}
	var doc struct {
		Data     []json.RawMessage `json:"data"`
		Included []json.RawMessage `json:"included"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: want a JSON:API list document: %w", path, err)
	}
	s.Licenses = doc.Data
	for _, inc := range doc.Included {
		var r struct{ Type, ID string }
		if err := json.Unmarshal(inc, &r); err != nil {
			return nil, fmt.Errorf("%s: an included resource: %w", path, err)
		}
		s.Included[r.Type+"/"+r.ID] = inc
	}
	return s, nil
}
