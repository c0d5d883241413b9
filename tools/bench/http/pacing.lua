-- Fixed-rate pacing for wrk (Debian's wrk has no --rate): each wrk thread owns RATE / THREADS
-- requests per second on a fixed grid of send times from its first request. delay() hands
-- each next request the next slot and waits until it (0 when the slot has passed, so a
-- slow stretch is caught up, as an open-loop load generator would). RATE=0: closed loop.
-- Latency is still measured by wrk from each send: a server that falls behind shows in the
-- achieved rate, printed beside the percentiles.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } pacing_timespec;
int clock_gettime(int clock_id, pacing_timespec *tp);
]]
local timespec = ffi.new("pacing_timespec")

local pacing = {}

function pacing.now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- A pacer for one wrk thread: rate is the total offered rate, threads the number of wrk threads.
function pacing.new(rate, threads)
  local interval = rate > 0 and threads * 1000 / rate or 0
  local next_slot = nil
  return function()
    if interval == 0 then return 0 end
    local now = pacing.now_ms()
    if next_slot == nil then next_slot = now end
    local slot = next_slot
    next_slot = next_slot + interval
    local wait = slot - now
    return wait > 0 and math.floor(wait + 0.5) or 0
  end
end

return pacing
