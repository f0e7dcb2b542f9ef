package netio

import (
	"context"
	"os"
	"path/filepath"
)

// An EnvMap overrides environment settings for one call, the way gopsutil's
// common.EnvMap does. The keys netio reads are "HOST_PROC" (default "/proc")
// and "HOST_SYS" (default "/sys").
type EnvMap map[string]string

type envKey struct{}

// WithEnv returns a context whose calls read their settings from env first.
// Settings are looked up in gopsutil's order: the context's EnvMap, then the
// process environment, then the default.
//
//	ctx := netio.WithEnv(context.Background(), netio.EnvMap{"HOST_PROC": "/host/proc"})
//	stats, err := netio.IOCountersWithContext(ctx, true)
//
// On a host /proc bind-mounted into a container, <HOST_PROC>/net is the
// symlink self/net, so it still shows the calling process's own network
// namespace, as in gopsutil.
func WithEnv(ctx context.Context, env EnvMap) context.Context {
	return context.WithValue(ctx, envKey{}, env)
}

// getEnv returns the setting key from ctx, the environment or dfault, in
// that order, joined with elem.
func getEnv(ctx context.Context, key, dfault string, elem ...string) string {
	var v string
	if env, ok := ctx.Value(envKey{}).(EnvMap); ok {
		v = env[key]
	}
	if v == "" {
		v = os.Getenv(key)
	}
	if v == "" {
		v = dfault
	}
	if len(elem) == 0 {
		return v
	}
	return filepath.Join(append([]string{v}, elem...)...)
}

func hostProc(ctx context.Context, elem ...string) string {
	return getEnv(ctx, "HOST_PROC", "/proc", elem...)
}

func hostSys(ctx context.Context, elem ...string) string {
	return getEnv(ctx, "HOST_SYS", "/sys", elem...)
}
