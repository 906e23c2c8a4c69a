// Package license is the domain model shared by every other package: the
// Licentric products, policies and licenses that a migration produces, the
// status lifecycle Licentric enforces, and the secret and personal-data
// types that keep keys and emails out of logs. It does no I/O.
package license
