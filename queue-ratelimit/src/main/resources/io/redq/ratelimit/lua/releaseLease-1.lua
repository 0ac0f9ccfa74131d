--[[
  Gives a concurrency permit back when its holder's task is done; deletes the key with the last
  holder.

  KEYS[1] holders ZSET (member holder id, score lease end in ms)
  ARGV[1] holder id

  Returns 1 if the holder held a permit, 0 if it was already gone (evicted after its lease).
]]
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
end
return removed
