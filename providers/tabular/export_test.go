package tabular

// LicenseType is licenseType for the external test of the platforms'
// readers (licensetype_test.go).
func LicenseType(spec Spec) string { return (&Source{spec: spec}).licenseType() }
