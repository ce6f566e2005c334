package clearance

import (
	"context"

	"github.com/clearancehq/clearance/match"
)

// Reconsider decides a submitted order again on the Gatekeeper's lists and
// the licences on file, as of asOf when that is later than the order's own
// date (an order not yet shipped will ship no earlier than today), and
// returns the decision with each party's hits. It records nothing and
// draws nothing.
func (g *Gatekeeper) Reconsider(ctx context.Context, o *Order, asOf string) (*Decision, []PartyScreening, error) {
	c := *o
	if asOf > c.Date {
		c.Date = asOf
	}
	screened, err := g.screen(&c)
	if err != nil {
		return nil, nil, err
	}
	d, err := g.decide(ctx, &c, screened)
	if err != nil {
		return nil, nil, err
	}
	return &d, screened, nil
}

// partyOptions are the options the parties of an order are screened with:
// from the review threshold, at most maxHitsPerParty hits.
func (g *Gatekeeper) partyOptions() match.Options {
	opts := g.Options
	opts.Threshold = g.ReviewThreshold
	opts.Limit = maxHitsPerParty
	return opts
}
