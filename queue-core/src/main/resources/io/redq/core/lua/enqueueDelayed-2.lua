--[[
  Enqueues a task to run later: into the delayed set, due at a Redis server time, optionally
  taking its unique key first. Writes the due time into the envelope as notBefore, and wakes the
  workers' promoters when the task is the next one due.

  KEYS[1] delayed ZSET (member raw envelope, score due time in ms)
  KEYS[2] unique key of the task, or the delayed key again when it has none
  ARGV[1] raw envelope JSON (a JSON object written by redq, without notBefore)
  ARGV[2] 'in': ARGV[3] is a delay in ms from now; 'at': ARGV[3] is an epoch time in ms
  ARGV[3] delay or due time, ms
  ARGV[4] task id (owner of the unique key), or '' for none
  ARGV[5] unique key time-to-live, ms (ignored without a unique key)
  ARGV[6] wake-up channel of the queue's promoters

  Returns the due time in ms if enqueued, 0 if the unique key is held (nothing written).
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = tonumber(ARGV[3])
if ARGV[2] == 'in' then
  due = now + due
end
if ARGV[4] ~= '' then
  local ttl = tonumber(ARGV[5]) + math.max(0, due - now)
  if not redis.call('SET', KEYS[2], ARGV[4], 'NX', 'PX', ttl) then
    return 0
  end
end
local raw = string.sub(ARGV[1], 1, -2) .. ',"notBefore":' .. string.format('%d', due) .. '}'
redis.call('ZADD', KEYS[1], due, raw)
local head = redis.call('ZRANGE', KEYS[1], 0, 0)
if head[1] == raw then
  redis.call('PUBLISH', ARGV[6], string.format('%d', math.max(0, due - now)))
end
return due
