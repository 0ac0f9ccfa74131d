#!lua flags=allow-oom
--[[
  Forgets a consumer once its lease has been expired for longer than the grace period and its
  active list is empty, or at once when ARGV[2] is '0' and the list is empty (own graceful stop).
  The grace covers a blocking fetch the dead consumer issued before it died.

  KEYS[1] consumers ZSET
  KEYS[2] active list of the consumer
  ARGV[1] consumer id
  ARGV[2] grace, ms (0: no expiry check)

  Returns 1 if the consumer was removed (or was not registered), 0 if it was kept.
]]
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expiry then
  return 1
end
if redis.call('LLEN', KEYS[2]) > 0 then
  return 0
end
local grace = tonumber(ARGV[2])
if grace > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  if tonumber(expiry) + grace >= now then
    return 0
  end
end
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
