package plugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/config"
)

// Settings are the plugin's settings, the value of
// linters.settings.custom.concurlint.settings in .golangci.yml. The keys
// are those of .concurlint.yml:
//
//	passes:            # pass name: true or false (passes not listed stay on)
//	  lockawait: true
//	settings:          # pass name: option (the flag's name): value
//	  lockawait:
//	    fileio: true
//	extra-blocking:    # "FullName=kind", or FullName: kind, one per entry
//	  - "(*example.com/db.Client).Call=network"
//	roots: [example.com/server.Handle]
//	limiters: [example.com/rate.Limiter]
//	generated: skip    # or report
//
// golangci-lint lowercases the keys of every mapping in its configuration,
// so extra-blocking, whose keys are case-sensitive function names, is a
// list here; the mapping form of .concurlint.yml is refused with a message
// saying so. Files are excluded with golangci-lint's own
// linters.exclusions.paths, not with an exclude key.
type Settings struct {
	Passes        map[string]bool                       `json:"passes"`
	Settings      map[string]map[string]json.RawMessage `json:"settings"`
	ExtraBlocking json.RawMessage                       `json:"extra-blocking"`
	Roots         json.RawMessage                       `json:"roots"`
	Limiters      json.RawMessage                       `json:"limiters"`
	Generated     string                                `json:"generated"`
	// Exclude is declared only to refuse it with a useful message.
	Exclude json.RawMessage `json:"exclude"`
}

// settingsPath names the settings in messages.
const settingsPath = "linters.settings.custom." + Name + ".settings"

var knownKeys = []string{"passes", "settings", "extra-blocking", "roots", "limiters", "generated"}

// decodeError words an error of register.DecodeSettings.
func decodeError(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "unknown field") {
		msg += " (known keys: " + strings.Join(knownKeys, ", ") + ")"
	}
	return fmt.Errorf("%s: %s", settingsPath, msg)
}

// config turns the settings into the configuration that a .concurlint.yml
// with the same content would give. Maps are visited in sorted order so
// that the result, and the first error, do not depend on map iteration.
func (s *Settings) config() (*config.Config, error) {
	fail := func(format string, args ...any) (*config.Config, error) {
		return nil, fmt.Errorf("%s: "+format, append([]any{settingsPath}, args...)...)
	}
	if !isNull(s.Exclude) {
		return fail("exclude: not a plugin setting; use golangci-lint's linters.exclusions.paths")
	}
	c := config.Default()
	c.Path = settingsPath
	for _, pass := range slices.Sorted(maps.Keys(s.Passes)) {
		c.Passes = append(c.Passes, config.Switch{Pass: pass, Enabled: s.Passes[pass]})
	}
	for _, pass := range slices.Sorted(maps.Keys(s.Settings)) {
		opts := s.Settings[pass]
		for _, name := range slices.Sorted(maps.Keys(opts)) {
			key := "settings." + pass + "." + name
			v, err := flagValue(opts[name])
			if err != nil {
				return fail("%s: %v", key, err)
			}
			c.Settings = append(c.Settings, config.Setting{Pass: pass, Name: name, Value: v})
		}
	}
	switch g := config.Generated(s.Generated); g {
	case "":
	case config.GeneratedSkip, config.GeneratedReport:
		c.Generated = g
	default:
		return fail("generated: want %q or %q, not %q", config.GeneratedSkip, config.GeneratedReport, s.Generated)
	}
	var err error
	if c.Roots, err = stringList(s.Roots); err != nil {
		return fail("roots: %v", err)
	}
	if c.Limiters, err = stringList(s.Limiters); err != nil {
		return fail("limiters: %v", err)
	}
	if c.ExtraBlocking, err = extraBlocking(s.ExtraBlocking); err != nil {
		return fail("extra-blocking: %v", err)
	}
	return c, nil
}

// flagValue spells a setting's value as the analyzer flag would take it:
// strings as they are, numbers and booleans as written, lists of those
// joined with commas (as in .concurlint.yml).
func flagValue(raw json.RawMessage) (string, error) {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil && list != nil {
		parts := make([]string, len(list))
		for i, e := range list {
			s, err := scalar(e)
			if err != nil {
				return "", errors.New("want a value or a list of values")
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	s, err := scalar(raw)
	if err != nil {
		return "", errors.New("want a value or a list of values")
	}
	return s, nil
}

// scalar returns the text of a JSON string, number or boolean.
func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch v.(type) {
	case bool, float64:
		return string(raw), nil
	}
	return "", fmt.Errorf("not a value: %s", raw)
}

// stringList decodes a list of strings; a single string is a list of one.
func stringList(raw json.RawMessage) ([]string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("want a list of strings")
	}
	return list, nil
}

// extraBlocking decodes a list whose entries are "FullName=kind" strings or
// one-entry mappings FullName: kind, and checks them as the configuration
// file's entries are checked.
func extraBlocking(raw json.RawMessage) ([]config.Blocking, error) {
	if isNull(raw) {
		return nil, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		var m map[string]any
		if json.Unmarshal(raw, &m) == nil {
			return nil, errors.New(`want a list; golangci-lint lowercases mapping keys, which would change the function names, so write each entry as - "FullName=kind" or - FullName: kind`)
		}
		return nil, errors.New(`want a list of "FullName=kind" entries`)
	}
	var out []config.Blocking
	for _, e := range list {
		var text string
		if json.Unmarshal(e, &text) == nil {
			bs, err := config.ParseBlocking(text)
			if err != nil {
				return nil, err
			}
			out = append(out, bs...)
			continue
		}
		var m map[string]string
		if json.Unmarshal(e, &m) != nil || len(m) != 1 {
			return nil, fmt.Errorf(`entry %s: want "FullName=kind" or FullName: kind`, e)
		}
		for fn, kind := range m {
			bs, err := config.ParseBlocking(fn + "=" + kind)
			if err != nil {
				return nil, err
			}
			out = append(out, bs...)
		}
	}
	return out, nil
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// flagDefaults returns the default value of each of a's flags.
func flagDefaults(a *analysis.Analyzer) map[string]string {
	defs := make(map[string]string)
	a.Flags.VisitAll(func(f *flag.Flag) { defs[f.Name] = f.DefValue })
	return defs
}
