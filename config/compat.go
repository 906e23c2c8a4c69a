package config

// DefaultAPIURL is each platform's documented API base, as init reads it.
//
// Deprecated: the platform registry (providers/registry) states these
// once, in each platform's API.DefaultURL; a test there holds this copy
// equal to it. It goes when init reads the registry (phase two of the
// registry work), and with it the only platform names in this package.
var DefaultAPIURL = map[string]string{
	"cryptlex":     "https://api.cryptlex.com/v3",
	"lemonsqueezy": "https://api.lemonsqueezy.com/v1",
}
