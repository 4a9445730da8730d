package finding

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// The JSON form is the tree that go vet -json prints, so that tools that
// read vet's output read concurlint's too:
//
//	{
//	  "<package ID>": {
//	    "<pass>": [ <diagnostic>, ... ]      // or {"error": "<message>"}
//	  }
//	}
//
// A diagnostic is
//
//	{
//	  "category": "send-under-lock",        // omitted when empty
//	  "posn": "/abs/file.go:12:3",
//	  "end": "/abs/file.go:12:9",
//	  "message": "...",
//	  "suggested_fixes": [                  // omitted when empty
//	    {"message": "...", "edits": [{"filename": "/abs/file.go", "start": 120, "end": 131, "new": "..."}]}
//	  ],
//	  "related": [                          // omitted when empty
//	    {"posn": "/abs/file.go:10:2", "end": "/abs/file.go:10:14", "message": "..."}
//	  ]
//	}
//
// Edit offsets are 0-based byte offsets into the original file, End
// exclusive.

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"`
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
}

type jsonError struct {
	Err string `json:"error"`
}

// WriteJSON writes findings and per-package errors as one JSON tree. An
// error with no package or pass is not part of the tree (it goes to
// standard error). A pass that failed on a package is shown by its error
// even if it also reported findings there.
func WriteJSON(w io.Writer, fs []Finding, errs []Error) error {
	tree := make(map[string]map[string]any)
	node := func(pkg string) map[string]any {
		m := tree[pkg]
		if m == nil {
			m = make(map[string]any)
			tree[pkg] = m
		}
		return m
	}
	for _, f := range fs {
		m := node(f.Package)
		list, _ := m[f.Pass].([]jsonDiagnostic)
		m[f.Pass] = append(list, toJSON(f))
	}
	for _, e := range errs {
		if e.Package != "" && e.Pass != "" {
			node(e.Package)[e.Pass] = jsonError{e.Message}
		}
	}
	data, err := json.MarshalIndent(tree, "", "\t") // maps are written in key order
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func toJSON(f Finding) jsonDiagnostic {
	d := jsonDiagnostic{Category: f.Category, Posn: f.Pos.String(), End: f.End.String(), Message: f.Message}
	for _, fix := range f.Fixes {
		jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonEdit(e))
		}
		d.SuggestedFixes = append(d.SuggestedFixes, jf)
	}
	for _, r := range f.Related {
		d.Related = append(d.Related, jsonRelated{Posn: r.Pos.String(), End: r.End.String(), Message: r.Message})
	}
	return d
}

// ReadJSON reads a stream of JSON trees, as go vet -json prints one per
// package, and returns their findings and errors. Lines that are not part
// of a tree (go vet's "# package" headers) are skipped.
func ReadJSON(r io.Reader) ([]Finding, []Error, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	var fs []Finding
	var errs []Error
	for len(bytes.TrimSpace(data)) > 0 {
		data = bytes.TrimLeft(data, " \t\r\n")
		if data[0] != '{' {
			// Skip a line of text.
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				data = data[i+1:]
			} else {
				data = nil
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, nil, fmt.Errorf("reading go vet JSON: %v", err)
		}
		data = data[dec.InputOffset():]
		pkgs := make([]string, 0, len(tree))
		for id := range tree {
			pkgs = append(pkgs, id)
		}
		sort.Strings(pkgs)
		for _, id := range pkgs {
			for pass, raw := range tree[id] {
				var e jsonError
				if json.Unmarshal(raw, &e) == nil && e.Err != "" {
					errs = append(errs, Error{Package: id, Pass: pass, Message: e.Err})
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, nil, fmt.Errorf("reading go vet JSON for %s %s: %v", id, pass, err)
				}
				for _, d := range diags {
					fs = append(fs, fromJSON(id, pass, d))
				}
			}
		}
	}
	return fs, errs, nil
}

func fromJSON(pkg, pass string, d jsonDiagnostic) Finding {
	pos, _ := ParsePosition(d.Posn)
	end, ok := ParsePosition(d.End)
	if !ok {
		end = pos
	}
	f := Finding{Package: pkg, Pass: pass, Category: d.Category, Pos: pos, End: end, Message: d.Message}
	for _, r := range d.Related {
		rp, _ := ParsePosition(r.Posn)
		re, ok := ParsePosition(r.End)
		if !ok {
			re = rp
		}
		f.Related = append(f.Related, Related{Pos: rp, End: re, Message: r.Message})
	}
	for _, jf := range d.SuggestedFixes {
		fix := Fix{Message: jf.Message}
		for _, e := range jf.Edits {
			fix.Edits = append(fix.Edits, Edit(e))
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}
