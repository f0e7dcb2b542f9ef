// Package ipjson reads the per-interface counters of iproute2's
// `ip -s -s -j link` for tests that check netio against it. It depends on
// the standard library only, so that package parse's own tests can use it.
package ipjson

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// fields maps iproute2's stats64 keys, per direction, to the names of the
// record fields they hold (as parse.FieldByName takes them).
var fields = map[string]map[string]string{
	"rx": {"bytes": "rx_bytes", "packets": "rx_packets", "errors": "rx_errors", "dropped": "rx_dropped",
		"over_errors": "rx_over_errors", "multicast": "rx_multicast", "length_errors": "rx_length_errors",
		"crc_errors": "rx_crc_errors", "frame_errors": "rx_frame_errors", "fifo_errors": "rx_fifo",
		"missed_errors": "rx_missed_errors", "compressed": "rx_compressed", "nohandler": "rx_nohandler",
		"otherhost_dropped": "rx_otherhost_dropped"},
	"tx": {"bytes": "tx_bytes", "packets": "tx_packets", "errors": "tx_errors", "dropped": "tx_drop",
		"carrier_errors": "tx_carrier_errors", "collisions": "collisions", "aborted_errors": "tx_aborted_errors",
		"fifo_errors": "tx_fifo", "window_errors": "tx_window_errors", "heartbeat_errors": "tx_heartbeat_errors",
		"compressed": "tx_compressed"},
}

// Links decodes the output of `ip -s -s -j link` into, per interface
// name, the values of the record fields it printed, keyed by field name.
// iproute2 leaves the control bytes of names raw inside JSON strings;
// they are escaped before decoding.
func Links(raw []byte) (map[string]map[string]uint64, error) {
	var esc bytes.Buffer
	for _, c := range raw {
		if c < 0x20 && c != '\n' {
			esc.WriteString(`\u00`)
			esc.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
			esc.WriteString(strconv.FormatUint(uint64(c)&15, 16))
		} else {
			esc.WriteByte(c)
		}
	}
	var links []struct {
		IfName  string                       `json:"ifname"`
		Stats64 map[string]map[string]uint64 `json:"stats64"`
	}
	if err := json.Unmarshal(esc.Bytes(), &links); err != nil {
		return nil, err
	}
	out := make(map[string]map[string]uint64, len(links))
	for _, l := range links {
		m := map[string]uint64{}
		for dir, kv := range l.Stats64 {
			for k, v := range kv {
				if name, ok := fields[dir][k]; ok {
					m[name] = v
				}
			}
		}
		out[l.IfName] = m
	}
	return out, nil
}
