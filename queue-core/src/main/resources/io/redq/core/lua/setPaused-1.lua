--[[
  Pauses or resumes a queue: sets or clears its paused flag and tells its workers on the queue's
  control channel, so they stop or start fetching at once (they also read the flag every heartbeat).

  KEYS[1] paused flag of the queue (STRING)
  ARGV[1] '1' to pause, '0' to resume
  ARGV[2] control channel of the queue

  Returns 1 if the state changed, 0 if it already was so.
]]
local changed
if ARGV[1] == '1' then
  changed = redis.call('SET', KEYS[1], '1', 'NX') and 1 or 0
  redis.call('PUBLISH', ARGV[2], 'paused')
else
  changed = redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], 'resumed')
end
return changed
