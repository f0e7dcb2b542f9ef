module github.com/netio-go/netio

go 1.26.0

require github.com/spf13/pflag v1.1.0
