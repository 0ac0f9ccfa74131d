--[[
  Takes one permit of a concurrency limit for a holder, in Redis server time. The holders sit in
  one sorted set scored by the end of their lease; a holder whose lease has ended (its JVM died
  and stopped renewing) is evicted here, so its permit comes back. The key lives as long as the
  longest lease in it.

  KEYS[1] holders ZSET (member holder id, score lease end in ms)
  ARGV[1] holder id
  ARGV[2] permits, K (integer >= 1)
  ARGV[3] lease, ms

  Returns {1, 0, evicted} when the holder holds a permit now (also when it held one already:
  its lease is renewed), {0, wait, evicted} when all K are held: wait is the time in ms until
  the soonest lease ends if its holder does not renew it. evicted: expired holders removed.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
local evicted = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)

if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  if redis.call('PTTL', KEYS[1]) < lease then
    redis.call('PEXPIRE', KEYS[1], lease)
  end
  return {1, 0, evicted}
end

local soonest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(soonest[2]) - now, evicted}
