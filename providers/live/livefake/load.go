package livefake

import (
	"encoding/json"
	"fmt"
	"os"
)

// Load fills a fake of api from an export file in the platform's API
// shape: a JSON:API list document (its included resources are served
// with the licenses that point at them) or, for a platform whose lists
// are bare arrays, an array of licenses, with products a bare array of
// products or "".
func Load(api *API, token, path, products string) (*Server, error) {
	s := New(api, token)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if api.Bare {
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
