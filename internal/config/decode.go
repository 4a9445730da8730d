package config

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/concurlint/concurlint/internal/knowledge"
)

// decode reads the YAML document by hand, node by node, rather than into
// tagged structs: the schema is small, and walking it lets every error name
// the offending key and line ("line 4: unknown key "exlude"").
func decode(data []byte) (*Config, error) {
	c := Default()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // an empty file is the default configuration
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the file must be a mapping of keys to values", root.Line)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, fmt.Errorf("line %d: key %q appears twice", k.Line, k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "passes":
			err = decodePasses(c, v)
		case "settings":
			err = decodeSettings(c, v)
		case "exclude":
			c.Exclude, err = stringList("exclude", v)
			if err == nil {
				err = checkPatterns(c.Exclude, v)
			}
		case "generated":
			err = decodeGenerated(c, v)
		case "extra-blocking":
			c.ExtraBlocking, err = decodeBlocking(v)
		case "roots":
			c.Roots, err = stringList("roots", v)
		case "limiters":
			c.Limiters, err = stringList("limiters", v)
		default:
			err = fmt.Errorf("line %d: unknown key %q (known keys: %s)", k.Line, k.Value, strings.Join(topKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

var topKeys = []string{"passes", "settings", "exclude", "generated", "extra-blocking", "roots", "limiters"}

func decodePasses(c *Config, v *yaml.Node) error {
	if err := want(v, yaml.MappingNode, "passes", "a mapping of pass names to true or false"); err != nil {
		return err
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, b := v.Content[i], v.Content[i+1]
		var on bool
		if b.Kind != yaml.ScalarNode || b.Decode(&on) != nil || b.Tag != "!!bool" {
			return fmt.Errorf("line %d: passes.%s: want true or false, not %q", b.Line, k.Value, b.Value)
		}
		c.Passes = append(c.Passes, Switch{Pass: k.Value, Enabled: on, Line: k.Line})
	}
	return nil
}

func decodeSettings(c *Config, v *yaml.Node) error {
	if err := want(v, yaml.MappingNode, "settings", "a mapping of pass names to their options"); err != nil {
		return err
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		pk, opts := v.Content[i], v.Content[i+1]
		key := "settings." + pk.Value
		if err := want(opts, yaml.MappingNode, key, "a mapping of option names to values"); err != nil {
			return err
		}
		for j := 0; j+1 < len(opts.Content); j += 2 {
			ok, val := opts.Content[j], opts.Content[j+1]
			s, err := flagValue(key+"."+ok.Value, val)
			if err != nil {
				return err
			}
			c.Settings = append(c.Settings, Setting{Pass: pk.Value, Name: ok.Value, Value: s, Line: ok.Line})
		}
	}
	return nil
}

// flagValue spells a YAML value as a flag value: scalars as they are,
// lists of scalars joined with commas (the convention of list-valued
// analyzer flags such as printf.funcs).
func flagValue(key string, v *yaml.Node) (string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		return v.Value, nil
	case yaml.SequenceNode:
		l, err := stringList(key, v)
		return strings.Join(l, ","), err
	}
	return "", fmt.Errorf("line %d: %s: want a value or a list of values", v.Line, key)
}

func decodeGenerated(c *Config, v *yaml.Node) error {
	switch g := Generated(v.Value); {
	case v.Kind == yaml.ScalarNode && (g == GeneratedSkip || g == GeneratedReport):
		c.Generated = g
		return nil
	}
	return fmt.Errorf("line %d: generated: want %q or %q, not %q", v.Line, GeneratedSkip, GeneratedReport, v.Value)
}

// decodeBlocking accepts both a mapping
//
//	extra-blocking:
//	  "(*example.com/db.Client).Call": network
//
// and a list of one-entry mappings, which keeps file order visible.
func decodeBlocking(v *yaml.Node) ([]Blocking, error) {
	var pairs []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		pairs = v.Content
	case yaml.SequenceNode:
		for _, e := range v.Content {
			if e.Kind != yaml.MappingNode {
				return nil, fmt.Errorf("line %d: extra-blocking: want entries of the form FullName: kind", e.Line)
			}
			pairs = append(pairs, e.Content...)
		}
	default:
		return nil, fmt.Errorf("line %d: extra-blocking: want a mapping of function names to kinds", v.Line)
	}
	var out []Blocking
	for i := 0; i+1 < len(pairs); i += 2 {
		k, kind := pairs[i], pairs[i+1]
		if kind.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: extra-blocking.%s: want a kind", kind.Line, k.Value)
		}
		b := Blocking{Func: k.Value, Kind: kind.Value}
		if err := checkBlocking(b); err != nil {
			return nil, fmt.Errorf("line %d: %v", k.Line, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// checkBlocking validates one extra-blocking entry.
func checkBlocking(b Blocking) error {
	if b.Func == "" || strings.ContainsAny(b.Func, " \t") && !strings.Contains(b.Func, "[") {
		return fmt.Errorf("extra-blocking: %q is not a function's FullName", b.Func)
	}
	if _, ok := BlockingKind(b.Kind); !ok {
		return fmt.Errorf("extra-blocking.%s: unknown kind %q (known kinds: %s)", b.Func, b.Kind, strings.Join(kindNames(), ", "))
	}
	return nil
}

// BlockingKind returns the knowledge.Kind named name ("network", "file",
// ...). The names are those of knowledge.Kind.String; "none" is not a
// kind of blocking.
func BlockingKind(name string) (knowledge.Kind, bool) { return knowledge.ParseKind(name) }

func kindNames() []string { return knowledge.KindNames() }

func stringList(key string, v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		return []string{v.Value}, nil // a single value is a list of one
	}
	if err := want(v, yaml.SequenceNode, key, "a list"); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("line %d: %s: want a list of strings", e.Line, key)
		}
		out = append(out, e.Value)
	}
	return out, nil
}

func checkPatterns(pats []string, v *yaml.Node) error {
	for i, p := range pats {
		for _, seg := range strings.Split(p, "/") {
			if seg == "**" {
				continue
			}
			if _, err := path.Match(seg, ""); err != nil {
				line := v.Line
				if i < len(v.Content) {
					line = v.Content[i].Line
				}
				return fmt.Errorf("line %d: exclude: bad pattern %q: %v", line, p, err)
			}
		}
	}
	return nil
}

func want(v *yaml.Node, kind yaml.Kind, key, what string) error {
	if v.Kind == kind {
		return nil
	}
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && slices.Contains([]yaml.Kind{yaml.MappingNode, yaml.SequenceNode}, kind) {
		v.Kind = kind // "key:" with nothing after it is an empty collection
		return nil
	}
	return fmt.Errorf("line %d: %s: want %s", v.Line, key, what)
}
