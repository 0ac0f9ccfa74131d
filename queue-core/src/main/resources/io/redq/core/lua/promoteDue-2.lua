--[[
  Moves delayed tasks whose due time has come to the back of the ready list. Safe to run from many
  workers at once: each task is removed from the set by exactly one caller (ZREM decides).

  KEYS[1] delayed ZSET
  KEYS[2] ready list
  ARGV[1] maximum number of tasks to move

  Returns { moved, next due time in ms or -1 if the set is empty, server time in ms }.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local moved = 0
for _, raw in ipairs(due) do
  if redis.call('ZREM', KEYS[1], raw) == 1 then
    redis.call('LPUSH', KEYS[2], raw)
    moved = moved + 1
  end
end
local nextDue = -1
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if head[2] then
  nextDue = tonumber(head[2])
end
return { moved, nextDue, now }
