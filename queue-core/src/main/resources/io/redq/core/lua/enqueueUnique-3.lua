--[[
  Enqueues a task unless its unique key is held by another task.

  KEYS[1] ready list of the task's level
  KEYS[2] unique key (STRING holding the owning task id)
  KEYS[3] wake-up list of the queue
  ARGV[1] raw envelope JSON
  ARGV[2] task id
  ARGV[3] unique key time-to-live, ms (safety net; ack and dead-letter release it earlier)
  ARGV[4] '1' to leave a wake-up token for idle workers (queues with priority levels), else '0'

  Returns 1 if enqueued, 0 if the key is held (nothing written).
]]
if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return 0
end
redis.call('LPUSH', KEYS[1], ARGV[1])
if ARGV[4] == '1' and redis.call('LLEN', KEYS[3]) == 0 then
  redis.call('RPUSH', KEYS[3], '1')
end
return 1
