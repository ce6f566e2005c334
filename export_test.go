package clearance

// PrefilterOptions exposes the monitor's prefilter options to the external
// tests.
var PrefilterOptions = prefilterOptions
