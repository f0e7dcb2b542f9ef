package main

import (
	"strconv"
	"unicode/utf8"
)

// escapeName returns name safe for a terminal: printable UTF-8 is kept,
// a backslash is doubled, and every other byte (control bytes such as ESC,
// DEL, invalid UTF-8, non-printing runes) is written as \xNN. Linux allows
// such bytes in interface names, so printing them raw would let a name
// drive the terminal.
func escapeName(name string) string {
	clean := true
	for _, r := range name {
		if r == '\\' || r == utf8.RuneError || !strconv.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return name
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(name)+8)
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == utf8.RuneError && size <= 1 || !strconv.IsPrint(r):
			for _, c := range []byte(name[i : i+size]) {
				b = append(b, '\\', 'x', hex[c>>4], hex[c&15])
			}
		default:
			b = append(b, name[i:i+size]...)
		}
		i += size
	}
	return string(b)
}
