package netio

import (
	"time"

	"github.com/netio-go/netio/parse"
)

// PerSecond returns v spread over period, per second; 0 if period is not
// positive (a Differ's first result, whose values are absolute).
func PerSecond(v uint64, period time.Duration) float64 {
	if period <= 0 {
		return 0
	}
	return float64(v) / period.Seconds()
}

// Rate returns counter f's rate over the delta's period, per second; 0 if
// the delta lacks f or has no period.
func (d *Delta) Rate(f Field) float64 {
	if !d.Has.Has(f) {
		return 0
	}
	return PerSecond(d.Values[f], d.Period)
}

// Rate returns counter f's summed rate over the total's period, per
// second; 0 if no summed delta had f or there is no period.
func (t *Total) Rate(f Field) float64 {
	if !t.Has.Has(f) {
		return 0
	}
	return PerSecond(t.Values[f], t.Period)
}

// Rates are the gopsutil counters as per-second rates, with the JSON keys
// of `netio watch --json`.
type Rates struct {
	BytesRecv   float64 `json:"bytesRecvPerSec"`   // RxBytes per second
	BytesSent   float64 `json:"bytesSentPerSec"`   // TxBytes per second
	PacketsRecv float64 `json:"packetsRecvPerSec"` // RxPackets per second
	PacketsSent float64 `json:"packetsSentPerSec"` // TxPackets per second
	Errin       float64 `json:"errinPerSec"`       // RxErrors per second
	Errout      float64 `json:"erroutPerSec"`      // TxErrors per second
	Dropin      float64 `json:"dropinPerSec"`      // RxDrop per second
	Dropout     float64 `json:"dropoutPerSec"`     // TxDrop per second
}

// ratesOf fills Rates from per-field rate lookups.
func ratesOf(rate func(Field) float64) Rates {
	return Rates{
		BytesRecv:   rate(parse.RxBytes),
		BytesSent:   rate(parse.TxBytes),
		PacketsRecv: rate(parse.RxPackets),
		PacketsSent: rate(parse.TxPackets),
		Errin:       rate(parse.RxErrors),
		Errout:      rate(parse.TxErrors),
		Dropin:      rate(parse.RxDrop),
		Dropout:     rate(parse.TxDrop),
	}
}

// Rates returns the delta's gopsutil counters per second.
func (d *Delta) Rates() Rates { return ratesOf(d.Rate) }

// Rates returns the total's gopsutil counters per second.
func (t *Total) Rates() Rates { return ratesOf(t.Rate) }
