package netio

import "encoding/json"

// appendJSONString appends s as a JSON string the way encoding/json writes
// it (control bytes escaped, invalid UTF-8 replaced by U+FFFD).
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}
