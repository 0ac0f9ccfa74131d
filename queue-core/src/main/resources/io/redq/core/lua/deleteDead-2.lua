#!lua flags=allow-oom
--[[
  Deletes dead-letter records: the ids given, or when ARGV[1] is '*' the ARGV[2] oldest ones.

  KEYS[1] dead-letter ZSET
  KEYS[2] dead-letter records HASH
  ARGV    task ids, or '*' and a chunk size

  Returns the number of records deleted.
]]
local ids = ARGV
if ARGV[1] == '*' then
  ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
end
local n = 0
for _, id in ipairs(ids) do
  if redis.call('ZREM', KEYS[1], id) == 1 then
    redis.call('HDEL', KEYS[2], id)
    n = n + 1
  end
end
return n
