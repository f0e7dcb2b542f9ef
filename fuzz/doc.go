// Package fuzz holds netio's native Go fuzz targets (go test -fuzz) and the
// slow reference decoders they check the fast ones against. It has no
// non-test code beyond this comment.
//
// Run one target: go test ./fuzz -run '^$' -fuzz '^FuzzProcNetDev$' -fuzztime 30s
package fuzz
