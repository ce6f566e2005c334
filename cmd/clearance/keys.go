package main

import (
	"fmt"
	"time"

	"github.com/clearancehq/clearance"
)

// KeysCmd manages the API keys of the HTTP API and web UI.
type KeysCmd struct {
	Create KeysCreateCmd `cmd:"" help:"Create an API key and print it, once."`
	List   KeysListCmd   `cmd:"" help:"List the API keys (never their secrets)."`
	Revoke KeysRevokeCmd `cmd:"" help:"Revoke an API key."`
}

// KeysCreateCmd creates a key.
type KeysCreateCmd struct {
	Role string `name:"role" required:"" enum:"screener,analyst,approver,admin" help:"What the key may do: screener (screen, check and submit orders), analyst (also review cases, read everything), approver (also second approvals, licences), admin (also import lists, manage keys and holds)."`
	Name string `name:"name" required:"" help:"Who or what holds the key (letters, digits, . - _ @); the audit log names requests by it."`
}

// Run creates the key and prints its secret on the last line.
func (c *KeysCreateCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	role, err := clearance.ParseRole(c.Role)
	if err != nil {
		return err
	}
	secret, k, err := clearance.NewKeySecret(c.Name, role, app.cfg.Actor)
	if err != nil {
		return err
	}
	if _, err := st.CreateKey(app.ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Created API key %q with role %s. It is shown only this once; keep it secret:\n%s\n", k.Name, k.Role, secret)
	return nil
}

// KeysListCmd lists keys.
type KeysListCmd struct {
	JSON bool `name:"json" help:"Print JSON."`
}

// Run lists the keys.
func (c *KeysListCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	keys, err := st.Keys(app.ctx)
	if err != nil {
		return err
	}
	return printList(app.stdout, c.JSON, keys, "No API key. Create one: clearance keys create --role ROLE --name NAME",
		"NAME\tROLE\tKEY\tCREATED\tBY\tSTATE", func(k clearance.APIKey) string {
			state := "active"
			if !k.Active() {
				state = "revoked " + k.RevokedAt.Local().Format(time.DateOnly) + " by " + k.RevokedBy
			}
			return fmt.Sprintf("%s\t%s\t%s…\t%s\t%s\t%s", k.Name, k.Role, k.Prefix, k.CreatedAt.Local().Format("2006-01-02 15:04"), k.CreatedBy, state)
		})
}

// KeysRevokeCmd revokes a key.
type KeysRevokeCmd struct {
	Name string `arg:"" name:"NAME" help:"The key's name."`
}

// Run revokes the key.
func (c *KeysRevokeCmd) Run(app *App) error {
	st, err := app.Store()
	if err != nil {
		return err
	}
	k, err := st.RevokeKey(app.ctx, c.Name, app.cfg.Actor)
	if err != nil {
		return err
	}
	fmt.Fprintf(app.stdout, "Revoked API key %q (%s); servers stop accepting it within %s.\n", k.Name, k.Role, clearance.DefaultKeyTTL)
	return nil
}
