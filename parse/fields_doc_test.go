package parse

import (
	"os"
	"strings"
	"testing"
)

// TestFieldsDocumented keeps docs/fields.md in step with the fields.
func TestFieldsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/fields.md")
	if err != nil {
		t.Fatal(err)
	}
	for f := Field(0); f < NumFields; f++ {
		if !strings.Contains(string(doc), "| `"+f.String()+"` |") {
			t.Errorf("docs/fields.md does not list %q", f)
		}
		if g, ok := FieldByName(f.String()); !ok || g != f {
			t.Errorf("FieldByName(%q) = %v, %v", f, g, ok)
		}
	}
}
