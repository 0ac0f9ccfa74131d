--[[
  Sends dead-letter records back to the back of the ready list, each as the envelope given.

  KEYS[1] dead-letter ZSET
  KEYS[2] dead-letter records HASH
  KEYS[3] ready list
  ARGV    pairs: task id, raw envelope to enqueue

  Returns the number of records requeued (a record already gone is skipped).
]]
local n = 0
for i = 1, #ARGV, 2 do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('HDEL', KEYS[2], ARGV[i])
    redis.call('LPUSH', KEYS[3], ARGV[i + 1])
    n = n + 1
  end
end
return n
