package netio

import (
	"github.com/netio-go/netio/parse"
	"github.com/netio-go/netio/source"
)

// A ParseError says where a decoder found bad input: source, line or byte
// offset, field, interface and the text seen. Match it with errors.As.
type ParseError = parse.ParseError

// ErrUnsupported is wrapped by errors for sources this platform lacks.
var ErrUnsupported = source.ErrUnsupported
