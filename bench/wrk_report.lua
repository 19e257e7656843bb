-- Shared by the wrk scripts of bench/: prints the latency percentiles and
-- the number of answers with an HTTP error status, which wrk counts itself
-- (a response() function would have every answer copied into Lua: client
-- CPU taken from the server on the same two cores).  Loaded with dofile
-- by each script.
function done(summary, latency, requests)
  io.write(string.format("p50 %.0f us  p90 %.0f us  p99 %.0f us  max %.0f us  http errors %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status))
end
