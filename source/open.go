package source

// A Config says which source to open and where it reads.
type Config struct {
	// Kind is the source kind: "auto" (or "") picks the best source that
	// works on this host; else one of the names [Source.Name] returns.
	Kind string
	// HostProc is the proc mount point, "/proc" by default.
	HostProc string
	// HostSys is the sysfs mount point, "/sys" by default.
	HostSys string
}

func (c Config) hostProc() string {
	if c.HostProc == "" {
		return "/proc"
	}
	return c.HostProc
}

// Open opens the source c asks for on this platform.
func Open(c Config) (Source, error) { return open(c) }
