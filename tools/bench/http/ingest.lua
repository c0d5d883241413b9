-- wrk script: durable RingCentral message ingests, each with a new message id (a real append,
-- never a deduplicated retry: RUN, set by wrk_ingest.sh, differs between the runs on one
-- server, and the wrk thread and a counter make the rest). TOKEN comes from the environment.
local counter = 0
local run = tonumber(os.getenv("RUN") or "0")
local thread_id = 0
local token = os.getenv("TOKEN")
-- RATE (wrk_ingest.sh --rate): the offered requests/s over all THREADS wrk threads, paced on
-- a fixed grid (pacing.lua); 0 is closed loop (the maximum).
package.path = os.getenv("PACING_DIR") .. "/?.lua;" .. package.path
local pacer = require("pacing").new(tonumber(os.getenv("RATE") or "0"), tonumber(os.getenv("THREADS") or "2"))

function delay()
  return pacer()
end

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function request()
  counter = counter + 1
  local id = string.format("%d%d%09d", run, tid or 0, counter)
  local body = '{"_client_id":"orangeTheory-193365026","_account_id":"193365026","body":{"id":"' .. id ..
    '","to":[{"phoneNumber":"+16505550142","target":true}],"from":{"phoneNumber":"+1415555' ..
    string.format("%04d", counter % 10000) ..
    '"},"type":"SMS","creationTime":"2026-03-02T17:01:00.000Z","lastModifiedTime":"2026-03-02T17:01:00.000Z",' ..
    '"direction":"Inbound","subject":"benchmark","messageStatus":"Received"}}'
  return wrk.format("POST", "/v1/ingest/ringcentral/message",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests %d, %.0f req/s, non-2xx %d, socket errors %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
