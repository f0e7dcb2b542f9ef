module github.com/netio-go/netio

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/spf13/pflag v1.1.0
	golang.org/x/sys v0.50.0
)
