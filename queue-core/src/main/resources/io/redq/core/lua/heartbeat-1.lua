--[[
  Registers or renews a consumer's lease, using Redis server time.

  KEYS[1] consumers ZSET (member consumer id, score lease expiry in ms)
  ARGV[1] consumer id
  ARGV[2] lease, ms

  Returns 1 if the lease was live and is renewed, 0 if it was new, expired or gone (the consumer
  was silent past its lease: its tasks may have been recovered by others).
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if previous and tonumber(previous) >= now then
  return 1
end
return 0
