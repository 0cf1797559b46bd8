# The two commands of the README: `make demo` and `make test`. Both install what is missing
# (scripts/bootstrap), build, and run; both are idempotent.
BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=

.PHONY: all bootstrap build test demo cel-tour bench bench-http bench-gateway fuzz format clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: bootstrap $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

test: build
	cd $(BUILD) && ctest -j$(JOBS) --output-on-failure
	@echo "CEL conformance (npm @bufbuild/cel-spec):" && \
	  grep -h "^pass rate" $(BUILD)/Testing/Temporary/LastTest.log

# The gateway on the quickstart with a scripted agent, then serving until Ctrl-C.
demo: build
	@scripts/demo $(BUILD)/portcullis

# A short tour of the CEL engine.
cel-tour: build
	@scripts/cel_tour $(BUILD)/portcullis

# In-process benchmarks, then the HTTP one (bench-http alone: `portcullis pdp` against Cerbos).
bench: build
	@scripts/bench $(BUILD)

bench-http: build
	@bench/http/run $(BUILD)

# A tools/call direct, through nginx and through `portcullis serve` under wrk; idle-connection memory.
bench-gateway: build
	@bench/gateway/run $(BUILD)

# libFuzzer target for the CEL parser and evaluator (clang); not part of `make test`.
fuzz: bootstrap
	cmake -S . -B $(BUILD)-fuzz -DCMAKE_CXX_COMPILER=clang++ -DPORTCULLIS_FUZZ=ON \
	  -DPORTCULLIS_TESTS=OFF -DPORTCULLIS_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD)-fuzz -j$(JOBS) --target cel_fuzz
	mkdir -p fuzz/corpus
	$(BUILD)-fuzz/fuzz/cel_fuzz fuzz/corpus fuzz/seeds -dict=fuzz/cel.dict \
	  -max_total_time=$${FUZZ_SECONDS:-300} -max_len=4096 -timeout=10 -rss_limit_mb=4096

format:
	find src tests bench fuzz -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(BUILD)-fuzz
