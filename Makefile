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
	@for f in $$(grep -rl --include='*_test.go' -E '^func Fuzz' .); do \
		pkg=./$$(dirname $${f#./}); \
		for fn in $$(grep -h -oE '^func Fuzz[A-Za-z0-9_]*' $$f | cut -d' ' -f2); do \
			echo "$$pkg $$fn"; $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime 30s $$pkg || exit 1; \
		done; done

run: build
	./bin/clearance screen Hikvision

clean:
	rm -rf bin
