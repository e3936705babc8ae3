# geomap — set-up and everyday commands. `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED := ../shared/corpus
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint bench gazetteer browser clean

$(STAMP): pyproject.toml setup.py gazetteer/_fast.pyx
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

gazetteer: $(STAMP)
	$(BIN)/gazetteer info >/dev/null 2>&1 || $(BIN)/gazetteer build

## demo: install, build the gazetteer if needed, map the bundled examples (and ../shared/corpus)
demo: gazetteer
	@mkdir -p outputs
	@for f in geomap/examples/*.txt $(wildcard $(SHARED)/*.txt); do \
	  name=$$(basename $$f .txt); \
	  $(BIN)/geomap map "$$f" -o outputs/$$name.html --geojson outputs/$$name.geojson --quiet --jobs 1 || exit 1; \
	done
	@$(BIN)/geomap map geomap/examples $(wildcard $(SHARED)/*.txt) -o outputs/demo.html --offline --geojson outputs/demo.geojson --jobs 1
	@echo "maps and events are in outputs/ (open outputs/demo.html)"

## browser: headless Chromium for the map tests (Debian packages; needs root)
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

## test: install, build the gazetteer if needed, run the whole test suite
test: gazetteer browser
	$(BIN)/ruff check geomap gazetteer tests scripts benchmarks
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check geomap gazetteer tests scripts benchmarks

bench: gazetteer
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) outputs/*.html outputs/*.geojson outputs/*.json
