-- wrk script: GET /ogc/collections/COLLECTION/items?bbox=... over the boxes
-- of BOXES (lines "xmin ymin xmax ymax count"), in turn from a random start.
-- COLLECTION defaults to plates; LIMIT (default 1000) is the page size.
local paths = {}
local next_box = 1
local collection = os.getenv("COLLECTION") or "doorplates"
local limit = os.getenv("LIMIT") or "1000"

function init(args)
  for line in io.lines(os.getenv("BOXES")) do
    local x0, y0, x1, y1 = line:match("^(%S+) (%S+) (%S+) (%S+)")
    if x0 then
      paths[#paths + 1] = wrk.format("GET", "/ogc/collections/" .. collection .. "/items?bbox=" ..
        x0 .. "," .. y0 .. "," .. x1 .. "," .. y1 .. "&limit=" .. limit)
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
  next_box = math.random(#paths)
end

function request()
  next_box = next_box % #paths + 1
  return paths[next_box] -- formatted once, in init
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.0f us  p90 %.0f us  p99 %.0f us  max %.0f us  non-2xx %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.errors.status))
end
