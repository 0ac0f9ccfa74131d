#!lua flags=allow-oom
--[[
  Acknowledges a batch of finished tasks of one consumer: removes each from the active list,
  releases its unique key if the task still owns it, and adds the number removed to the queue's
  completed counter (for throughput). One call for many tasks keeps round trips per task low under
  load.

  KEYS[1]    active list of the consumer
  KEYS[2]    completed counter of the queue (STRING, INCRBY; never reset)
  KEYS[3..]  unique keys of the tasks in the batch that have one
  ARGV       triples: raw envelope as fetched, index into KEYS of its unique key (0: none), task id

  Returns one number per task: 1 if it was in the active list, 0 if not (it was recovered
  elsewhere meanwhile; nothing removed, not counted).
]]
local out = {}
local done = 0
for i = 1, #ARGV, 3 do
  local removed = redis.call('LREM', KEYS[1], -1, ARGV[i])
  local u = tonumber(ARGV[i + 1])
  if removed == 1 and u > 0 and redis.call('GET', KEYS[u]) == ARGV[i + 2] then
    redis.call('DEL', KEYS[u])
  end
  done = done + removed
  out[#out + 1] = removed
end
if done > 0 then
  redis.call('INCRBY', KEYS[2], done)
end
return out
