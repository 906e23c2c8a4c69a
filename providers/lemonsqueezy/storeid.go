package lemonsqueezy

import (
	"fmt"
	"strconv"
	"strings"
)

// maxStoreDigits bounds a store id's digits: LemonSqueezy's ids are
// database integers; an exponent must not make one a string of millions.
const maxStoreDigits = 40

// storeID is a store id as one text for every way JSON writes the same
// whole number (1, 1.0, 10e-1 are store 1), so events of one store compare
// equal and those of two never do: digits, not a float, which rounds ids
// past 2^53 into each other. num is valid JSON number text (the decoder
// checked it); one that is not a whole number, or too long, is refused.
func storeID(num string) (string, error) {
	sign, rest := "", num
	if r, ok := strings.CutPrefix(num, "-"); ok {
		sign, rest = "-", r
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(rest), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	k := -len(frac) // the value is digits × 10^k
	if hasExp {
		e, err := strconv.Atoi(exp)
		if err != nil || e > maxStoreDigits || e < -maxStoreDigits-len(mant) {
			if strings.Trim(whole+frac, "0") == "" {
				return "0", nil
			}
			return "", fmt.Errorf("data.attributes.store_id %s is too long for a store id (or not a whole number): save the request body as it came", num)
		}
		k += e
	}
	digits := strings.TrimLeft(whole+frac, "0")
	for strings.HasSuffix(digits, "0") && k < 0 {
		digits, k = digits[:len(digits)-1], k+1
	}
	switch {
	case digits == "":
		return "0", nil
	case k < 0:
		return "", fmt.Errorf("data.attributes.store_id %s is not a whole number, which a store id is: save the request body as it came", num)
	case len(digits)+k > maxStoreDigits:
		return "", fmt.Errorf("data.attributes.store_id %s is too long for a store id: save the request body as it came", num)
	}
	return sign + digits + strings.Repeat("0", k), nil
}
