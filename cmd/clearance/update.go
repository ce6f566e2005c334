package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/clearancehq/clearance"
)

// ListsUpdateCmd downloads the current lists and imports them.
type ListsUpdateCmd struct {
	Sources []string      `arg:"" optional:"" name:"SOURCE" help:"Sources to update (default: all)."`
	Mirror  string        `name:"mirror" help:"Fetch files from this base URL instead of the publishers' (the file name of each official URL is appended)." placeholder:"URL"`
	Timeout time.Duration `name:"timeout" default:"5m" help:"Time allowed for each download."`
}

// maxDownload bounds a downloaded file; the largest official list file
// (OFAC's SDN advanced XML) is about 120 MB.
const maxDownload = 1 << 30

// Run downloads and imports each source. A failed source leaves its active
// version untouched and does not stop the others; the command fails if any
// source failed.
func (c *ListsUpdateCmd) Run(app *App) error {
	if _, err := app.ReadyStore(); err != nil {
		return err
	}
	sources := clearance.Sources
	if len(c.Sources) > 0 {
		sources = nil
		for _, s := range c.Sources {
			src, ok := clearance.SourceByID(clearance.SourceID(s))
			if !ok {
				return clearance.Errorf(clearance.Invalid, "unknown source %q", s)
			}
			sources = append(sources, src)
		}
	}
	dir := filepath.Join(app.cfg.DataDir, "downloads", time.Now().UTC().Format("20060102T150405Z"))
	var failed []string
	for _, src := range sources {
		start := time.Now()
		ins, err := c.download(app.ctx, src, filepath.Join(dir, string(src.ID)), app.stderr)
		if err == nil {
			var res clearance.ImportResult
			res, err = app.importInputs(app.ctx, src.Format, ins, time.Now().UTC().Format("2006-01-02"), "date of download")
			if err == nil {
				err = app.printImport(res, time.Since(start))
			}
		}
		if err != nil {
			fmt.Fprintf(app.stderr, "%s: update failed, active version unchanged: %v\n", src.ID, err)
			failed = append(failed, string(src.ID))
		}
	}
	// The sources that did update are re-screened, even when others failed.
	if err := app.monitor(app.stdout); err != nil {
		return err
	}
	if len(failed) > 0 {
		return clearance.Errorf(clearance.Unavailable, "%d of %d sources failed to update: %s", len(failed), len(sources), strings.Join(failed, ", "))
	}
	return nil
}

// download fetches every file of a source into dir.
func (c *ListsUpdateCmd) download(ctx context.Context, src clearance.Source, dir string, progress io.Writer) ([]input, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	var ins []input
	for _, u := range src.URLs {
		if c.Mirror != "" {
			base, err := url.Parse(c.Mirror)
			if err != nil {
				return nil, clearance.Errorf(clearance.Invalid, "--mirror %q: %w", c.Mirror, err)
			}
			base.Path = path.Join(base.Path, path.Base(u))
			u = base.String()
		}
		dst := filepath.Join(dir, strings.ToLower(path.Base(u)))
		fmt.Fprintf(progress, "%s: downloading %s\n", src.ID, u)
		if err := fetch(ctx, u, dst, c.Timeout); err != nil {
			return nil, err
		}
		ins = append(ins, osInput(dst))
	}
	return ins, nil
}

func fetch(ctx context.Context, u, dst string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "clearance/"+version)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return clearance.Errorf(clearance.Unavailable, "download %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return clearance.Errorf(clearance.Unavailable, "download %s: %s", u, resp.Status)
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(resp.Body, maxDownload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return clearance.Errorf(clearance.Unavailable, "download %s: %w", u, err)
	}
	if n > maxDownload {
		return clearance.Errorf(clearance.Invalid, "download %s: larger than %d bytes", u, maxDownload)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return clearance.Errorf(clearance.Unavailable, "download %s: got %d of %d bytes", u, n, resp.ContentLength)
	}
	return nil
}
