#!lua flags=allow-oom
--[[
  Registers or renews a consumer's lease, using Redis server time, and tells whether the queue is
  paused (so a worker learns of a pause it missed on the control channel within one beat).

  KEYS[1] consumers ZSET (member consumer id, score lease expiry in ms)
  KEYS[2] paused flag of the queue (STRING, present while paused)
  ARGV[1] consumer id
  ARGV[2] lease, ms

  Returns { live, paused }: live is 1 if the lease was live and is renewed, 0 if it was new,
  expired or gone (the consumer was silent past its lease: its tasks may have been recovered by
  others); paused is 1 while the queue is paused.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local live = 0
if previous and tonumber(previous) >= now then
  live = 1
end
return { live, redis.call('EXISTS', KEYS[2]) }
