--[[
  Takes up to N permits from a rate limiter: GCRA (the generic cell rate algorithm) in Redis
  server time. The whole state is one hash with two numbers, whatever the rate, and it expires
  as soon as it no longer matters.

  A permit is due every T µs (the emission interval); tat is the theoretical arrival time of the
  next permit. A permit may be taken up to tau µs early (the tolerance), so permit k+m is never
  taken earlier than m*T - tau after permit k. The caller picks T and tau so that this is at
  least one period for m = limit + burst: no window of one period ever holds more than
  limit + burst permits, however many a caller asks for at once.

  The tolerance is a catch-up allowance (ARGV[5]) plus the burst. The allowance is for callers of
  a busy limiter that come late; an idle one must not hand it out at once. So the key lives one
  allowance past tat: while it is there, a tat behind now restarts at now (a late caller); once it
  has expired (idle) the schedule restarts at now + allowance, and only the burst is taken at once.

  KEYS[1] limiter state, a hash: t = tat (µs), w = the next retry slot handed to a caller that was
          turned away and asked to queue (µs)
  ARGV[1] T, emission interval, µs (integer >= 1)
  ARGV[2] tau, tolerance, µs (integer >= 0)
  ARGV[3] permits wanted (integer >= 1); fewer may be granted
  ARGV[4] 1: a caller turned away takes the next retry slot in line (each one T after the last
          one handed out), so callers that come back later do not all come back at once;
          0: a caller turned away is told when the next permit is due
  ARGV[5] catch-up allowance, µs (integer, 0..tau)

  Returns {granted, wait, tat}: granted 0..ARGV[3]; wait in µs until the caller should ask
  again (0 when granted); tat after the call (µs), which returnPermits-1 checks.
]]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])

local catchUp = tonumber(ARGV[5])
local tat = tonumber(redis.call('HGET', KEYS[1], 't'))
if tat == nil then
  tat = now + catchUp
elseif tat < now then
  tat = now
end
local line = tonumber(redis.call('HGET', KEYS[1], 'w')) or 0

-- a permit conforms if, once taken, tat - now <= tau + T
local granted = math.floor((tolerance + interval - (tat - now)) / interval)
if granted > wanted then
  granted = wanted
end

local wait = 0
if granted >= 1 then
  tat = tat + granted * interval
  redis.call('HSET', KEYS[1], 't', string.format('%.0f', tat))
else
  granted = 0
  local due = tat - tolerance
  if ARGV[4] == '1' then
    if line < due then
      line = due
    end
    wait = line - now
    line = line + interval
    redis.call('HSET', KEYS[1], 'w', string.format('%.0f', line))
  else
    wait = due - now
  end
end

local horizon = tat
if line > horizon then
  horizon = line
end
redis.call('PEXPIRE', KEYS[1], math.ceil((horizon + catchUp - now) / 1000) + 1)
return {granted, wait, tat}
