# Clearance developer tasks. `make test` is the README's test command.
GO ?= go
export CGO_ENABLED = 0

.PHONY: build test ci bench fuzz run clean

build:
	$(GO) build -o bin/clearance ./cmd/clearance

test:
	$(GO) test ./...

ci:
	./.ci/run

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	@for pkg in ./lists/uscsl ./lists/ofac ./lists/ofacxml ./lists/un ./lists/uk ./match; do \
		$(GO) test -run '^$$' -fuzz Fuzz -fuzztime 30s $$pkg || exit 1; done

run: build
	./bin/clearance screen Hikvision

clean:
	rm -rf bin
