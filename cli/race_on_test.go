//go:build race

package cli_test

// raceEnabled scales the process tests down under -race, where every
// instrumented process runs several times slower, so .ci/run stays
// within its time budget and still kills a real apply half-way.
const raceEnabled = true
