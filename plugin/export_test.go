package plugin

import (
	"github.com/golangci/plugin-module-register/register"

	"github.com/concurlint/concurlint/internal/config"
)

// ConfigOf returns the configuration a plugin was built from, for tests.
func ConfigOf(p register.LinterPlugin) *config.Config { return p.(*Plugin).cfg }
