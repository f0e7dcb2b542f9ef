module github.com/netio-go/netio

go 1.26
