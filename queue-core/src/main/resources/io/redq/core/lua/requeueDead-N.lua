--[[
  Sends dead-letter records back to the back of their level's ready list, each as the envelope given.

  KEYS[1]    dead-letter ZSET
  KEYS[2]    dead-letter records HASH
  KEYS[3]    wake-up list of the queue
  KEYS[4..]  ready lists, level 0 first (one list for a queue without priorities)
  ARGV[1]    '1' to leave a wake-up token for idle workers, else '0'
  ARGV[2..]  triples: task id, raw envelope to enqueue, level

  Returns the number of records requeued (a record already gone is skipped).
]]
local n = 0
for i = 2, #ARGV, 3 do
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('HDEL', KEYS[2], ARGV[i])
    redis.call('LPUSH', KEYS[4 + tonumber(ARGV[i + 2])], ARGV[i + 1])
    n = n + 1
  end
end
if n > 0 and ARGV[1] == '1' and redis.call('LLEN', KEYS[3]) == 0 then
  redis.call('RPUSH', KEYS[3], '1')
end
return n
