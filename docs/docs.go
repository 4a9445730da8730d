// Package docs embeds concurlint's user documentation, so that the
// command's help, the analyzers' documentation and SARIF rules print the
// same text the repository shows: one source for each page.
package docs

import (
	"embed"
	"io/fs"
)

//go:embed passes/*.md usage.md
var files embed.FS

// Page returns the text of the page at name, a slash-separated path
// relative to this directory ("passes/leak.md"), and whether it exists.
func Page(name string) (string, bool) {
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return "", false
	}
	return string(data), true
}
