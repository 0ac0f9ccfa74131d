--[[
  Lists consumers whose lease has expired, by Redis server time.

  KEYS[1] consumers ZSET
  ARGV[1] maximum number of ids to return

  Returns an array of consumer ids.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now, 'LIMIT', 0, tonumber(ARGV[1]))
