--[[
  Enqueues a task unless its unique key is held by another task.

  KEYS[1] ready list
  KEYS[2] unique key (STRING holding the owning task id)
  ARGV[1] raw envelope JSON
  ARGV[2] task id
  ARGV[3] unique key time-to-live, ms (safety net; ack and dead-letter release it earlier)

  Returns 1 if enqueued, 0 if the key is held (nothing written).
]]
if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return 0
end
redis.call('LPUSH', KEYS[1], ARGV[1])
return 1
