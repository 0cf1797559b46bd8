-- wrk script: every request POSTs the JSON body of the file named by the environment variable
-- BENCH_HTTP_REQUEST, with the extra header lines of BENCH_HTTP_HEADERS ("Name: value" per line,
-- optional). At the end it prints one line, "wrk-summary {JSON}", with the figures
-- bench/http/wrk.mjs reads (latencies in microseconds).
local file = assert(io.open(os.getenv("BENCH_HTTP_REQUEST"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
for line in string.gmatch(os.getenv("BENCH_HTTP_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'wrk-summary {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
      '"write_errors":%d,"timeouts":%d,"status_errors":%d,"p50_us":%.1f,"p99_us":%.1f}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, latency:percentile(50), latency:percentile(99)))
end
