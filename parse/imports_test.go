package parse

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoSystemImports keeps package parse pure: decoders turn bytes into
// records and never open files, make syscalls or format with fmt, so they
// build and run on every OS (STYLE.md rule 9).
func TestNoSystemImports(t *testing.T) {
	forbidden := []string{"fmt", "os", "syscall", "unsafe", "net", "golang.org/x/sys"}
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range f.Comments {
			if strings.HasPrefix(c.Text(), "go:build") || strings.Contains(c.List[0].Text, "//go:build") {
				t.Errorf("%s carries a build constraint; parse/ builds on every OS", name)
			}
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %q; package parse must not", name, path)
				}
			}
		}
	}
}
