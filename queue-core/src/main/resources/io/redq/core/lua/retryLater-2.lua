--[[
  Schedules a failed task's next attempt: out of the active list, into the delayed set, due after
  a delay measured in Redis server time.

  KEYS[1] active list the task sits in
  KEYS[2] delayed ZSET (member raw envelope, score due time in ms)
  ARGV[1] raw envelope as it sits in the active list
  ARGV[2] raw envelope of the next attempt
  ARGV[3] delay, ms
  ARGV[4] wake-up channel of the queue's promoters (told when this task is the next one due)

  Returns the due time (ms) if moved, 0 if the task was no longer in the active list.
]]
if redis.call('LREM', KEYS[1], -1, ARGV[1]) == 0 then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local due = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], due, ARGV[2])
local head = redis.call('ZRANGE', KEYS[2], 0, 0)
if head[1] == ARGV[2] then
  redis.call('PUBLISH', ARGV[4], ARGV[3])
end
return due
