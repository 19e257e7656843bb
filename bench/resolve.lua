-- wrk script: GET /p/CODE for codes drawn at random from the file CODES
-- (one a line); ACCEPT=json asks for JSON.  BENCH_DIR: the bench folder.
local requests = {}

-- Each request is formatted once, here: a random one is sent each time.
function init(args)
  local headers = {}
  if os.getenv("ACCEPT") == "json" then headers["Accept"] = "application/json" end
  for line in io.lines(os.getenv("CODES")) do
    if #line > 0 then requests[#requests + 1] = wrk.format("GET", "/p/" .. line, headers) end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return requests[math.random(#requests)]
end

dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")
