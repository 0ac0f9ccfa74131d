--[[
  Renews a holder's lease on its concurrency permit while its task runs, in Redis server time.

  KEYS[1] holders ZSET (member holder id, score lease end in ms)
  ARGV[1] holder id
  ARGV[2] lease, ms

  Returns 1 if renewed, 0 if the holder no longer holds a permit (its lease ended and another
  caller evicted it, e.g. after a long pause): the permit may be someone else's by now.
]]
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[1])
if redis.call('PTTL', KEYS[1]) < lease then
  redis.call('PEXPIRE', KEYS[1], lease)
end
return 1
