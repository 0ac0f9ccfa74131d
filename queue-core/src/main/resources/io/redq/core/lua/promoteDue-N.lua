#!lua flags=allow-oom
--[[
  Moves delayed tasks whose due time has come to the back of their level's ready list. Safe to
  run from many workers at once: each task is removed from the set by exactly one caller (ZREM).
  The level is read from the envelope's top-level "priority" field, which redq writes before the
  headers and the payload (the delayed set only holds envelopes redq encoded); a string value
  cannot hold the unescaped pattern, so the first match is that field. Without one the level is 0,
  as the Java side reads a missing priority.

  KEYS[1]    delayed ZSET
  KEYS[2]    wake-up list of the queue
  KEYS[3..]  ready lists, level 0 first (one list for a queue without priorities)
  ARGV[1]    maximum number of tasks to move
  ARGV[2]    '1' to leave a wake-up token for idle workers, else '0'

  Returns { moved, next due time in ms or -1 if the set is empty, server time in ms }.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local levels = #KEYS - 2
local moved = 0
for _, raw in ipairs(due) do
  if redis.call('ZREM', KEYS[1], raw) == 1 then
    local level = 0
    if levels > 1 then
      level = tonumber(string.match(raw, '"priority":(%d+)')) or 0
      level = math.min(level, levels - 1)
    end
    redis.call('LPUSH', KEYS[3 + level], raw)
    moved = moved + 1
  end
end
if moved > 0 and ARGV[2] == '1' and redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('RPUSH', KEYS[2], '1')
end
local nextDue = -1
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if head[2] then
  nextDue = tonumber(head[2])
end
return { moved, nextDue, now }
