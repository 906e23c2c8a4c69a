package httpx

import (
	"errors"
	"net/url"
)

// CheckURL is the one rule for a URL the tool sends a credential to: the
// config's api.url, `init --api --url`, and the Licentric target's url
// all pass through it before any request. It refuses credentials in the
// URL (user:pass@: they would be sent and logged), a query or fragment
// (an API base has none, and a ?token= would be logged), and plain
// http:// to anything but this machine (the token would cross a network
// in clear). The error never quotes the URL, which may hold a secret.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return errors.New("is not an https:// URL (plain http:// is allowed only to localhost)")
	case u.User != nil:
		return errors.New("holds credentials (user@); put the token in its environment variable (token_env, --token-env), never in the URL")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || u.RawFragment != "":
		return errors.New("has a query or fragment (?… or #…); an API base has neither, and a credential there would be logged: remove it")
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && Loopback(u.Hostname()):
		return nil
	}
	return errors.New("is not an https:// URL (plain http:// is allowed only to localhost)")
}
