-- wrk script: GET /api/v1/autocomplete with queries drawn from the register.
-- QUERIES names a file of URL-encoded queries, one a line (Chinese prefixes,
-- full pinyin, spaced pinyin, initials), written by bench/autocomplete.
-- Each request is formatted once, in init: a random one is sent each time.
local requests = {}

function init(args)
  for line in io.lines(os.getenv("QUERIES")) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("GET", "/api/v1/autocomplete?q=" .. line)
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
  return requests[math.random(#requests)]
end

dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")
