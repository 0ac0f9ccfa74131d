--[[
  Counts the holders of a concurrency limit whose lease has not ended, in Redis server time.

  KEYS[1] holders ZSET (member holder id, score lease end in ms)

  Returns the number of live holders.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', now), '+inf')
