--[[
  Moves one task from an active list into the dead-letter queue, and releases its unique key if
  the task owns it.

  KEYS[1] consumers ZSET
  KEYS[2] active list the task sits in
  KEYS[3] dead-letter ZSET (member task id, score time of dead-lettering, ms)
  KEYS[4] dead-letter records HASH (task id -> record JSON)
  KEYS[5] unique key of the task (or any key of the queue when it has none; ARGV[5] is then '')
  ARGV[1] consumer id whose lease must have expired, or '' to skip that check
  ARGV[2] raw envelope as it sits in the active list
  ARGV[3] task id
  ARGV[4] dead-letter record JSON
  ARGV[5] task id that must own KEYS[5] for it to be released, or ''
  ARGV[6] retention: most records kept, 0 for no limit
  ARGV[7] retention: oldest age kept in ms, 0 for no limit

  Returns 1 if moved, 0 if the task was no longer in the active list, -1 if the consumer's lease
  is live again (nothing moved).
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] ~= '' then
  local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
  if expiry and tonumber(expiry) >= now then
    return -1
  end
end
if redis.call('LREM', KEYS[2], -1, ARGV[2]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[3], now, ARGV[3])
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
if ARGV[5] ~= '' and redis.call('GET', KEYS[5]) == ARGV[5] then
  redis.call('DEL', KEYS[5])
end
-- Retention trims at most 100 of the oldest records per call, so it never blocks Redis long.
local expired = {}
local maxRecords = tonumber(ARGV[6])
if maxRecords > 0 then
  local excess = redis.call('ZCARD', KEYS[3]) - maxRecords
  if excess > 0 then
    expired = redis.call('ZRANGE', KEYS[3], 0, math.min(excess, 100) - 1)
  end
end
local maxAge = tonumber(ARGV[7])
if maxAge > 0 and #expired < 100 then
  local old = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - maxAge), 'LIMIT', 0, 100 - #expired)
  for _, id in ipairs(old) do
    expired[#expired + 1] = id
  end
end
for _, id in ipairs(expired) do
  if redis.call('ZREM', KEYS[3], id) == 1 then
    redis.call('HDEL', KEYS[4], id)
  end
end
return 1
