--[[
  Acknowledges a task that holds a unique key: removes it from the consumer's active list and
  releases the key if this task still owns it.

  KEYS[1] active list of the consumer
  KEYS[2] unique key
  ARGV[1] raw envelope JSON as fetched
  ARGV[2] task id

  Returns 1 if the task was in the active list, 0 if not (it was recovered elsewhere; nothing removed).
]]
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
if removed == 1 and redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('DEL', KEYS[2])
end
return removed
