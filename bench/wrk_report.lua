-- Shared by the wrk scripts of bench/: counts answers that are not 200 and
-- prints the latency percentiles.  Loaded with dofile by each script.
local non200 = 0
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.0f us  p90 %.0f us  p99 %.0f us  max %.0f us\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
