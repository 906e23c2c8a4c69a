package tabular

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// indexPath is the JSON index behind the door: only this package may
// import it (Go's internal rule), and this package must not hand its
// types on.
const indexPath = "github.com/licentric/licentric-sync/providers/tabular/internal/jsonindex"

// TestExportedAPIHidesTheIndex: a platform reader reaches JSON only
// through the door (Licenses, License, Cell, Linkage). The compiler keeps
// platforms from importing internal/jsonindex, but not from using its
// types when this package exports them (an alias, an exported field, a
// function returning a *jsonindex.Doc): then a platform could hold
// offsets, windows and marks again. Every exported declaration here, its
// exported fields and methods, and every embedded field are held to
// never name the index.
func TestExportedAPIHidesTheIndex(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		name := importName(parsed)
		if name == "" {
			continue
		}
		for _, leak := range leaks(parsed, name) {
			t.Errorf("%s: exported %s names the JSON index (%s); hand platforms a door type instead",
				fset.Position(leak.Pos()), describe(leak), name)
		}
	}
}

// TestLeakFinder holds the finder to what it must catch, so that the
// test above cannot pass by finding nothing.
func TestLeakFinder(t *testing.T) {
	const src = `package tabular
import ix "` + indexPath + `"
type Alias = ix.Doc
type Door struct { Doc *ix.Doc; hidden *ix.Doc }
type Wrap struct { *ix.Resource }
type ok struct { Doc *ix.Doc }
func Open() (*ix.Doc, error) { return nil, nil }
func (d Door) Page() []ix.Page { return nil }
func (d Door) fine() *ix.Doc { return nil }
func (d *ok) Page() *ix.Doc { return nil }
var Shared = ix.NewRelated()
var hidden = ix.NewRelated()
const Limit = ix.MaxValueBytes
`
	parsed, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, leak := range leaks(parsed, importName(parsed)) {
		got = append(got, describe(leak))
	}
	want := "type Alias, field Doc, field Resource, func Open, func Page, var Shared"
	if strings.Join(got, ", ") != want {
		t.Errorf("leaks found: %s\nwant: %s", strings.Join(got, ", "), want)
	}
}

// importName is the name a file imports the index under, "" for none.
func importName(f *ast.File) string {
	for _, imp := range f.Imports {
		if strings.Trim(imp.Path.Value, `"`) != indexPath {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return filepath.Base(indexPath)
	}
	return ""
}

// leaks are the exported declarations of f whose types name pkg. An
// untyped constant's value carries no type of the index, so constants
// are held only to their declared type.
func leaks(f *ast.File, pkg string) []ast.Node {
	var out []ast.Node
	check := func(where ast.Node, exprs ...ast.Expr) {
		for _, e := range exprs {
			if e != nil && names(e, pkg) {
				out = append(out, where)
				return
			}
		}
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && exportedRecv(d.Recv) {
				check(d, d.Type)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						out = append(out, typeLeaks(s, pkg)...)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if !n.IsExported() {
							continue
						}
						if d.Tok == token.CONST {
							check(s, s.Type)
						} else {
							check(s, append([]ast.Expr{s.Type}, s.Values...)...)
						}
						break
					}
				}
			}
		}
	}
	return out
}

// typeLeaks checks an exported type: an alias or definition naming pkg
// (other than a struct), or its exported and embedded fields.
func typeLeaks(s *ast.TypeSpec, pkg string) []ast.Node {
	st, ok := s.Type.(*ast.StructType)
	if !ok {
		if names(s.Type, pkg) {
			return []ast.Node{s}
		}
		return nil
	}
	var out []ast.Node
	for _, field := range st.Fields.List {
		exported := len(field.Names) == 0 // embedded: its methods are promoted
		for _, n := range field.Names {
			exported = exported || n.IsExported()
		}
		if exported && names(field.Type, pkg) {
			out = append(out, field)
		}
	}
	return out
}

// exportedRecv reports whether a method's receiver is an exported type
// (a function without one counts as exported).
func exportedRecv(recv *ast.FieldList) bool {
	if recv == nil || len(recv.List) == 0 {
		return true
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// names reports whether e mentions a name of pkg.
func names(e ast.Node, pkg string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == pkg {
				found = true
			}
		}
		return !found
	})
	return found
}

// describe names a leaking declaration for a message.
func describe(n ast.Node) string {
	switch d := n.(type) {
	case *ast.FuncDecl:
		return "func " + d.Name.Name
	case *ast.TypeSpec:
		return "type " + d.Name.Name
	case *ast.ValueSpec:
		return "var " + d.Names[0].Name
	case *ast.Field:
		if len(d.Names) > 0 {
			return "field " + d.Names[0].Name
		}
		return "field " + embeddedName(d.Type)
	}
	return "declaration"
}

// embeddedName is the field name of an embedded type (*ix.T, ix.T: T).
func embeddedName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return "?"
}
