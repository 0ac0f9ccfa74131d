#!lua flags=allow-oom
--[[
  Moves up to ARGV[1] tasks from the ready lists into a consumer's active list, each in one step
  (LMOVE from the right end of a ready list to the left end of the active list). Used by queues
  with priority levels, and by any queue to fetch a batch under load.

  Strict (no weights given): every task comes from the most urgent non-empty level.
  Weighted: every task comes from a level drawn by weight among the non-empty levels, with a
  generator seeded by the worker (ARGV[3]), so low levels keep moving under a flood of urgent work.
  If work is left behind, a wake-up token is left for the next idle worker.

  KEYS[1]    active list of the consumer
  KEYS[2]    wake-up list of the queue
  KEYS[3..]  ready lists, level 0 (most urgent) first
  ARGV[1]    maximum number of tasks to move
  ARGV[2]    '1' to leave a wake-up token when work is left behind, else '0'
  ARGV[3]    random seed for the weighted draw (ignored in strict order)
  ARGV[4..]  one weight per level for a weighted draw, or nothing for strict order

  Returns the moved envelopes in the order they were taken.
]]
local limit = tonumber(ARGV[1])
local levels = #KEYS - 2
local weighted = #ARGV >= 3 + levels
local empty = {}
local out = {}
if weighted then
  math.randomseed(tonumber(ARGV[3]))
end

local function draw()
  if not weighted then
    for level = 0, levels - 1 do
      if not empty[level] then
        return level
      end
    end
    return nil
  end
  local total = 0
  for level = 0, levels - 1 do
    if not empty[level] then
      total = total + tonumber(ARGV[4 + level])
    end
  end
  if total == 0 then
    return nil
  end
  local r = math.random() * total
  for level = 0, levels - 1 do
    if not empty[level] then
      r = r - tonumber(ARGV[4 + level])
      if r < 0 then
        return level
      end
    end
  end
  for level = levels - 1, 0, -1 do
    if not empty[level] then
      return level
    end
  end
end

while #out < limit do
  local level = draw()
  if level == nil then
    break
  end
  local raw = redis.call('LMOVE', KEYS[3 + level], KEYS[1], 'RIGHT', 'LEFT')
  if raw then
    out[#out + 1] = raw
  else
    empty[level] = true
  end
end
if ARGV[2] == '1' and #out == limit then
  for level = 0, levels - 1 do
    if not empty[level] and redis.call('LLEN', KEYS[3 + level]) > 0 then
      if redis.call('LLEN', KEYS[2]) == 0 then
        redis.call('RPUSH', KEYS[2], '1')
      end
      break
    end
  end
end
return out
