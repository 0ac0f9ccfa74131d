--[[
  Enqueues tasks onto one level of a queue with priority levels and leaves a wake-up token for
  idle workers if there is none, so one enqueue wakes one worker (and that worker wakes the next
  if it leaves work behind).

  KEYS[1] ready list of the level
  KEYS[2] wake-up list of the queue
  ARGV    raw envelopes, in enqueue order

  Returns the length of the ready list.
]]
local n = redis.call('LPUSH', KEYS[1], unpack(ARGV))
if redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('RPUSH', KEYS[2], '1')
end
return n
