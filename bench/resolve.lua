-- wrk script: GET /p/CODE for codes drawn at random from the file CODES
-- (one a line); ACCEPT=json asks for JSON.  BENCH_DIR: the bench folder.
local codes = {}
local headers = {}

function init(args)
  for line in io.lines(os.getenv("CODES")) do
    if #line > 0 then codes[#codes + 1] = "/p/" .. line end
  end
  if os.getenv("ACCEPT") == "json" then headers["Accept"] = "application/json" end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return wrk.format("GET", codes[math.random(#codes)], headers)
end

dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")
