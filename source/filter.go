package source

import "github.com/netio-go/netio/parse"

// filtering is implemented by sources that apply [Config.Keep] and the
// kind filters themselves, before decoding counters.
type filtering interface {
	appliesFilters()
}

// A keepSource applies a name filter after decoding, for sources that do
// not apply one themselves.
type keepSource struct {
	Source
	keep func([]byte) bool
}

func (k *keepSource) appliesFilters() {}

func (k *keepSource) Read(dst []parse.Record) ([]parse.Record, error) {
	n := len(dst)
	dst, err := k.Source.Read(dst)
	kept := dst[:n]
	for _, r := range dst[n:] {
		if k.keep(r.Name) {
			kept = append(kept, r)
		}
	}
	return kept, err
}

// AppendCapture forwards to the wrapped source when it can capture.
func (k *keepSource) AppendCapture(dst []Blob) []Blob {
	if c, ok := k.Source.(Capturer); ok {
		return c.AppendCapture(dst)
	}
	return dst
}
