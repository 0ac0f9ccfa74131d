--[[
  Gives back permits a caller was granted but did not use, if nobody took a permit since: only
  then is it as if they had never been taken. Otherwise nothing changes (the permits are lost:
  the rate is under-used for a moment, never exceeded).

  KEYS[1] limiter state hash (see takePermits-1.lua)
  ARGV[1] tat that the caller's grant left behind (µs), as takePermits-1 returned it
  ARGV[2] permits to give back (integer >= 1)
  ARGV[3] T, emission interval, µs
  ARGV[4] catch-up allowance, µs (the key lives that long past tat, see takePermits-1.lua)

  Returns 1 if the permits were given back, 0 if another grant came in between.
]]
local tat = tonumber(redis.call('HGET', KEYS[1], 't'))
if tat == nil or tat ~= tonumber(ARGV[1]) then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
tat = tat - tonumber(ARGV[2]) * tonumber(ARGV[3])
local horizon = tat
local line = tonumber(redis.call('HGET', KEYS[1], 'w')) or 0
if line > horizon then
  horizon = line
end
horizon = horizon + tonumber(ARGV[4])
if horizon <= now then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 't', string.format('%.0f', tat))
  redis.call('PEXPIRE', KEYS[1], math.ceil((horizon - now) / 1000) + 1)
end
return 1
