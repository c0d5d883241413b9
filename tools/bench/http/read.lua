-- wrk script: contact reads at a steady rate (PERFORMANCE.md: profile p99 < 10 ms, contacts
-- page of 50 filtered rows p99 < 50 ms, at 1,000 req/s on 1 M contacts). Environment, set by
-- wrk_read.sh: TOKEN, MODE (profile | page), SAMPLE (a file of "storeId phone" lines),
-- RATE (the offered requests/s over all THREADS wrk threads, paced on a fixed grid by
-- pacing.lua; 0 is closed loop).
local token = os.getenv("TOKEN")
local mode = os.getenv("MODE") or "profile"
package.path = os.getenv("PACING_DIR") .. "/?.lua;" .. package.path
local pacer = require("pacing").new(tonumber(os.getenv("RATE") or "0"), tonumber(os.getenv("THREADS") or "2"))
local contacts = {}
for line in io.lines(os.getenv("SAMPLE")) do
  local store, phone = line:match("^(%S+) (%S+)$")
  if store then contacts[#contacts + 1] = {store, phone} end
end
-- Filtered pages in the default order (-lastActivityAt). Search and sorts by other columns
-- are measured in-process by ProjectionBench queries (they are slower on 1 M contacts).
local pages = {
  "?limit=50&stage=lead",
  "?limit=50&leadStatus=new",
  "?limit=50&stage=lead&leadStatus=new",
  "?limit=50&dnc=false",
  "?limit=50&actionNeeded=false",
}
local counter = 0

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 1)
end

function delay()
  return pacer()
end

function request()
  counter = counter + 1
  local c = contacts[math.random(1, #contacts)]
  local path
  if mode == "page" then
    path = "/v1/stores/" .. c[1] .. "/contacts" .. pages[(counter % #pages) + 1]
  else
    path = "/v1/stores/" .. c[1] .. "/contacts/" .. c[2]:gsub("%+", "%%2B")
  end
  return wrk.format("GET", path, {["Authorization"] = "Bearer " .. token})
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, %.0f req/s, non-2xx %d, socket errors %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
