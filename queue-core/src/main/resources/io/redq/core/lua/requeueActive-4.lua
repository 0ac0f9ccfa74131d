#!lua flags=allow-oom
--[[
  Moves one task from a consumer's active list back to the front of its ready list, replacing its
  envelope (e.g. with deliveries + 1). Used by crash recovery, a graceful stop and the orphan check.

  KEYS[1] consumers ZSET
  KEYS[2] active list of the consumer
  KEYS[3] ready list of the task's level
  KEYS[4] wake-up list of the queue
  ARGV[1] consumer id whose lease must have expired, or '' to skip that check (own tasks)
  ARGV[2] raw envelope as it sits in the active list
  ARGV[3] raw envelope to put in the ready list
  ARGV[4] '1' to leave a wake-up token for idle workers, else '0'

  Returns 1 if moved, 0 if the task was no longer in the active list, -1 if the consumer's lease
  is live again (nothing moved).
]]
if ARGV[1] ~= '' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
  if expiry and tonumber(expiry) >= now then
    return -1
  end
end
if redis.call('LREM', KEYS[2], -1, ARGV[2]) == 0 then
  return 0
end
redis.call('RPUSH', KEYS[3], ARGV[3])
if ARGV[4] == '1' and redis.call('LLEN', KEYS[4]) == 0 then
  redis.call('RPUSH', KEYS[4], '1')
end
return 1
