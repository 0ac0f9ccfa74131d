#!lua flags=allow-oom
--[[
  Moves up to ARGV[1] tasks from a consumer's own active list to the front of the ready list,
  keeping their order (the oldest fetched ends up first in line). Used at the end of a graceful stop.

  KEYS[1] active list of the consumer
  KEYS[2] ready list
  ARGV[1] maximum number of tasks to move

  Returns the number moved.
]]
local moved = 0
local limit = tonumber(ARGV[1])
while moved < limit do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then
    break
  end
  moved = moved + 1
end
return moved
