package netio

import "encoding/json"

// An IOCountersStat is one interface's counters in gopsutil v4's shape:
// the same fields, JSON tags and String output as
// github.com/shirou/gopsutil/v4/net.IOCountersStat.
//
// On Linux every field comes from the /proc/net/dev column of the same
// name (Dropin is rx_dropped + rx_missed_errors there). All are 64-bit.
type IOCountersStat struct {
	Name        string `json:"name"`        // interface name
	BytesSent   uint64 `json:"bytesSent"`   // number of bytes sent
	BytesRecv   uint64 `json:"bytesRecv"`   // number of bytes received
	PacketsSent uint64 `json:"packetsSent"` // number of packets sent
	PacketsRecv uint64 `json:"packetsRecv"` // number of packets received
	Errin       uint64 `json:"errin"`       // total number of errors while receiving
	Errout      uint64 `json:"errout"`      // total number of errors while sending
	Dropin      uint64 `json:"dropin"`      // total number of incoming packets which were dropped
	Dropout     uint64 `json:"dropout"`     // total number of outgoing packets which were dropped
	Fifoin      uint64 `json:"fifoin"`      // total number of FIFO buffers errors while receiving
	Fifoout     uint64 `json:"fifoout"`     // total number of FIFO buffers errors while sending
}

// String returns n as JSON, byte for byte what gopsutil's String returns.
func (n IOCountersStat) String() string {
	s, _ := json.Marshal(n)
	return string(s)
}

// add adds o's counters to n's.
func (n *IOCountersStat) add(o *IOCountersStat) {
	n.BytesSent += o.BytesSent
	n.BytesRecv += o.BytesRecv
	n.PacketsSent += o.PacketsSent
	n.PacketsRecv += o.PacketsRecv
	n.Errin += o.Errin
	n.Errout += o.Errout
	n.Dropin += o.Dropin
	n.Dropout += o.Dropout
	n.Fifoin += o.Fifoin
	n.Fifoout += o.Fifoout
}

// SumAll returns the one-row slice gopsutil returns for pernic=false: a row
// named "all" whose every field, fifo included, is the sum over stats.
func SumAll(stats []IOCountersStat) []IOCountersStat {
	all := IOCountersStat{Name: "all"}
	for i := range stats {
		all.add(&stats[i])
	}
	return []IOCountersStat{all}
}
