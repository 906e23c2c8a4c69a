package scaffold

// facts is what init knows about one platform's exports: how to tell them
// from the others', and where a user finds what an export leaves out.
// One table per platform, so each moves whole into its platform's package.
type facts struct {
	// name is the platform as its users write it.
	name string
	// limitWhere is where the platform shows a policy's machine limit, for
	// an export that does not hold it; %s is the policy's name.
	limitWhere string
	// headers weigh the column names (normalized: lower case, no spaces,
	// dots, dashes or underscores) that this platform's exports use and
	// the others' do not: 3 proves it alone, 1 only counts with others.
	headers map[string]int
	// jsonTypes are the JSON:API resource types of its license lists.
	jsonTypes []string
	// jsonMembers are top-level members of a JSON object only its API
	// answers have (LemonSqueezy's License API answer).
	jsonMembers []string
}

// looksThreshold is the weight of headers that makes an export look like
// a platform's: one decisive header, or two telling ones.
const looksThreshold = 3

// keygenFacts: the dashboard's table labels (Owner, Policy, Expiry), the
// API's attribute names (maxMachines, machinesCount) and the dotted names
// of Licentric's migration guide (license.user.email).
var keygenFacts = facts{
	name:       "Keygen",
	limitWhere: "Keygen's dashboard: Policies > %s > Max machines (the API's policy attribute maxMachines)",
	headers: map[string]int{
		"owner": 2, "ownerid": 2, "owneremail": 2, "maxmachines": 2, "machinescount": 2,
		"expiry": 1, "policy": 1, "policyname": 1, "policyid": 1,
		"licenseuseremail": 3, "licenseexpiry": 3, "licensemaxmachines": 3, "licenseproductname": 3,
	},
	jsonTypes: []string{"licenses"},
}

// cryptlexFacts: the v3 API's license object (allowedActivations,
// licenseTemplate…) and the legacy v2 dashboard export (Key ID, Product Key).
var cryptlexFacts = facts{
	name:       "Cryptlex",
	limitWhere: "Cryptlex's dashboard: License Templates > %s > Allowed Activations (the API's allowedActivations)",
	headers: map[string]int{
		"allowedactivations": 3, "alloweddeactivations": 3, "licensetemplatename": 3, "licensetemplateid": 3,
		"totalactivations": 2, "productkey": 2, "subscriptioninterval": 2, "leaseduration": 2, "keyid": 1,
	},
}

// lemonSqueezyFacts: the dashboard's Title Case columns (Activation limit,
// Variant, Disabled) and the API's snake_case attributes.
var lemonSqueezyFacts = facts{
	name:       "LemonSqueezy",
	limitWhere: "LemonSqueezy's dashboard: Products > the product of %s > the variant's license key settings > Activation limit",
	headers: map[string]int{
		"activationlimit": 3, "keyshort": 3, "licensekeykey": 3, "instancescount": 2, "activationusage": 2,
		"orderitemid": 2, "storeid": 2, "statusformatted": 2, "variant": 1, "variantname": 1, "variantid": 1,
		"disabled": 1, "testmode": 1,
	},
	jsonTypes:   []string{"license-keys"},
	jsonMembers: []string{"license_key"},
}

// csvFacts: the generic reader has no signature of its own.
var csvFacts = facts{
	name:       "csv",
	limitWhere: "the system that made the export: the plan or product settings behind %s",
}

// platformFacts are the tables by platform name, in the order an export
// is compared against them.
var platformFacts = map[string]*facts{
	"keygen": &keygenFacts, "cryptlex": &cryptlexFacts, "lemonsqueezy": &lemonSqueezyFacts, "csv": &csvFacts,
}

// platformOrder makes a tie between two look-alikes answer the same way
// every run.
var platformOrder = []string{"keygen", "cryptlex", "lemonsqueezy"}

// factsOf returns a platform's table; an unknown platform gets the
// generic one, which claims nothing.
func factsOf(platform string) *facts {
	if f, ok := platformFacts[platform]; ok {
		return f
	}
	return &csvFacts
}
