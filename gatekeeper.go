package clearance

import (
	"context"
	"errors"
	"time"

	"github.com/clearancehq/clearance/match"
)

// DefaultReviewThreshold is the score from which a hit below the hit
// threshold (match.Options.Threshold, 0.80 by default) is a possible match
// that holds an order for review.
const DefaultReviewThreshold = 0.70

// maxHitsPerParty bounds the hits kept for each party of an order.
const maxHitsPerParty = 20

// maxSubmitAttempts bounds how often Submit decides again after losing a
// race for a licence balance. Each loss means another order drew on the
// licence, so a licence is exhausted long before this in practice.
const maxSubmitAttempts = 100

// Gatekeeper judges orders: it screens every party against the lists, has
// its Decider apply each list's consequence, and on Submit records the
// decision and draws the licences it uses down. It is safe for concurrent
// use when its store is.
type Gatekeeper struct {
	Screener *Screener
	Decider  Decider
	Store    GateStore
	// Options are the matching options; Options.Threshold is the hit
	// threshold, at or above which a hit is a match.
	Options match.Options
	// ReviewThreshold is the score from which a hit below the hit
	// threshold is a possible match.
	ReviewThreshold float64
	// Ownership, when set, finds the parties that listed parties own, as
	// of the order's date; the Decider applies the owners' listings.
	Ownership OwnershipFinder
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Check decides an order as of its date and records nothing.
func (g *Gatekeeper) Check(ctx context.Context, o *Order) (*Decision, error) {
	screened, err := g.screen(o)
	if err != nil {
		return nil, err
	}
	d, err := g.decide(ctx, o, screened)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Submit decides an order, records it with its decision and draws down the
// licences the decision uses, in one transaction. When another submission
// drew on the same licence in the meantime, the order is decided again on
// the new balances, so that it never ships on a balance already spent.
func (g *Gatekeeper) Submit(ctx context.Context, o *Order) (*Decision, error) {
	screened, err := g.screen(o)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		d, err := g.decide(ctx, o, screened)
		if err != nil {
			return nil, err
		}
		rec, err := g.Store.SubmitOrder(ctx, o, &d)
		if err == nil {
			return &rec.Decision, nil
		}
		if !errors.Is(err, ErrBalanceChanged) || attempt == maxSubmitAttempts {
			return nil, err
		}
	}
}

// screen screens every party of the order, keeping the hits at or above
// the review threshold, and finds what the ownership rules make of it.
func (g *Gatekeeper) screen(o *Order) ([]PartyScreening, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if g.ReviewThreshold < 0 || g.ReviewThreshold > g.Options.Threshold {
		return nil, Errorf(Invalid, "review threshold %.2f: want a number from 0 to the hit threshold %.2f",
			g.ReviewThreshold, g.Options.Threshold)
	}
	opts := g.partyOptions()
	out := make([]PartyScreening, len(o.Parties))
	for i, p := range o.Parties {
		s, err := g.Screener.Screen(Query{Name: p.Name, Country: p.Country}, opts)
		if err != nil {
			return nil, Errorf(KindOf(err), "screen parties[%d] %q: %w", i, p.Name, err)
		}
		out[i] = PartyScreening{Party: p, Hits: s.Hits}
		if g.Ownership == nil {
			continue
		}
		if out[i].Ownership, err = g.Ownership.Find(p, o.Date); err != nil {
			return nil, Errorf(KindOf(err), "ownership of parties[%d] %q: %w", i, p.Name, err)
		}
	}
	return out, nil
}

// decide reads the licences and statements on file and has the Decider
// judge the order, then fills in what the decision was made with.
func (g *Gatekeeper) decide(ctx context.Context, o *Order, screened []PartyScreening) (Decision, error) {
	licences, err := g.Store.Licences(ctx)
	if err != nil {
		return Decision{}, err
	}
	statements, err := g.Store.UVLStatements(ctx)
	if err != nil {
		return Decision{}, err
	}
	d := g.Decider.Decide(&DecisionInput{
		Order: o, Parties: screened, Licences: licences, Statements: statements,
		HitThreshold: g.Options.Threshold, ReviewThreshold: g.ReviewThreshold,
	})
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	d.OrderID, d.AsOf, d.DecidedAt = o.ID, o.Date, now().UTC().Truncate(time.Microsecond)
	d.HitThreshold, d.ReviewThreshold = g.Options.Threshold, g.ReviewThreshold
	d.OptionsHash, d.Algorithm, d.Versions = g.Options.Hash(), g.Options.Algorithm, g.Screener.Versions()
	if g.Ownership != nil {
		d.Ownership = g.Ownership.Version()
	}
	return d, nil
}
