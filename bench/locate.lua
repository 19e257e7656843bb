-- wrk script: GET /api/v1/locate at random points inside the county.
-- POINTS names a file of "lon lat" lines (GCJ-02); CRS the crs parameter.
local points = {}
local crs = os.getenv("CRS") or "gcj02"

function init(args)
  for line in io.lines(os.getenv("POINTS")) do
    local lon, lat = line:match("^(%S+) (%S+)$")
    if lon then
      points[#points + 1] = wrk.format("GET", "/api/v1/locate?lon=" .. lon .. "&lat=" .. lat ..
                                       "&crs=" .. crs)
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return points[math.random(#points)] -- formatted once, in init
end

dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")
