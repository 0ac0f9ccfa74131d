--[[
  Reads every consumer lease of a queue together with the Redis server time, so a caller can tell
  live leases from expired ones without trusting its own clock. Writes nothing.

  KEYS[1] consumers ZSET (consumer id -> lease expiry, server ms)

  Returns the server time in ms, then consumer id, lease expiry pairs, soonest expiry first.
]]
local t = redis.call('TIME')
local out = {tostring(tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))}
local z = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #z do
  out[#out + 1] = z[i]
end
return out
