/*
 * The host limiter's two scripts. Each is one atomic step on Redis's clock,
 * so processes with skewed clocks agree.
 *
 * Per host: `leases` (token → expiry: requests in flight), `pace` (last: the
 * latest start; tail: the next free start on the host's schedule; held: a
 * moving average of how long a request takes) and `reserved` (owner → its
 * reserved start).
 *
 * Starts are spaced by the host's gap, or wider when its requests are slow
 * (held / maxConcurrent, and at least the age of the oldest request in
 * flight, so a hanging host's queue wakes rarely), plus 5 % so that jobs
 * waking a few ms late do not push the whole queue back.
 */

const SPACING = `
local function spacingOf(now, gap, lease, maxConcurrent, held)
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if oldest[2] then held = math.max(held, now - (tonumber(oldest[2]) - lease)) end
  return math.max(math.ceil(gap * 1.05), math.floor(held / maxConcurrent))
end
`;

/**
 * KEYS: leases, pace, reserved.
 * ARGV: maxConcurrent, gapMs, leaseMs, token, owner, maxWaitInPlaceMs, reservationTtlMs, maxAheadMs.
 * Returns {0, 0}: lease taken; {1, ms}: sleep ms in place, then ask again;
 * {2, ms}: a start is reserved for owner ms from now (ask again then);
 * {3, ms}: the next free start is further ahead than maxAheadMs: nothing reserved.
 */
export const ACQUIRE_LUA = `${SPACING}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxConcurrent = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local token = ARGV[4]
local owner = ARGV[5]
local waitInPlace = tonumber(ARGV[6])
local reservationTtl = tonumber(ARGV[7])
local maxAhead = tonumber(ARGV[8])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - reservationTtl)
local inFlight = redis.call('ZCARD', KEYS[1])
local pace = redis.call('HMGET', KEYS[2], 'last', 'tail', 'held')
local last = tonumber(pace[1]) or 0
local tail = tonumber(pace[2]) or 0
local spacing = spacingOf(now, gap, lease, maxConcurrent, tonumber(pace[3]) or 0)
local reservedAt = tonumber(redis.call('ZSCORE', KEYS[3], owner))
local gapAt = last + gap
local keep = math.max(lease, 60000)
-- A caller without a turn may go first only when nobody holds one.
local nobodyWaiting = redis.call('ZCARD', KEYS[3]) == 0

if inFlight < maxConcurrent and now >= gapAt and ((reservedAt and reservedAt <= now + waitInPlace) or now >= tail or nobodyWaiting) then
  redis.call('ZADD', KEYS[1], now + lease, token)
  redis.call('PEXPIRE', KEYS[1], lease)
  if reservedAt then redis.call('ZREM', KEYS[3], owner) end
  tail = math.max(tail, now + spacing)
  redis.call('HSET', KEYS[2], 'last', now, 'tail', tail)
  redis.call('PEXPIRE', KEYS[2], tail - now + keep)
  return {0, 0}
end

if reservedAt then
  -- Its turn has (nearly) come: it waits in place, up to one gap, for its turn and the host's gap. Cheaper and
  -- more exact than a trip through the delayed set, whose wake-up comes tens of ms late on a busy worker and
  -- would make the next start late in turn.
  local at = math.max(gapAt, reservedAt)
  if inFlight < maxConcurrent and at - now <= math.max(waitInPlace, gap) then
    return {1, math.max(1, at - now)}
  end
  -- Woken early (a clock between processes): the same reservation, later.
  if reservedAt > now + waitInPlace then
    return {2, reservedAt - now}
  end
  -- Its turn has come but the host is full (with a free slot it waited in place above: the gap is never more
  -- than one gap away): it keeps its place in line, moved to when the host can take it. Sent to the end of the
  -- schedule instead, it left a hole at its turn and the host's batch took a turn longer.
  local due = math.max(gapAt, now + math.max(spacing, 20))
  if due - now > maxAhead then return {3, due - now} end
  redis.call('ZADD', KEYS[3], due, owner)
  if redis.call('PTTL', KEYS[3]) < due - now + reservationTtl then redis.call('PEXPIRE', KEYS[3], due - now + reservationTtl) end
  return {2, due - now}
end

-- Reserve the next free start on the schedule: at least the gap after the
-- latest start, and one request's time from now when the host is full.
local at = math.max(gapAt, now)
if not nobodyWaiting or reservedAt then at = math.max(at, tail) end
-- A full host is asked again no sooner than 20 ms on (no busy loop on a host without a gap).
if inFlight >= maxConcurrent then at = math.max(at, now + math.max(spacing, 20)) end
if at - now > maxAhead then return {3, at - now} end
redis.call('ZADD', KEYS[3], at, owner)
redis.call('PEXPIRE', KEYS[3], at - now + reservationTtl)
redis.call('HSET', KEYS[2], 'tail', at + spacing)
redis.call('PEXPIRE', KEYS[2], at + spacing - now + keep)
if inFlight < maxConcurrent and at - now <= waitInPlace then return {1, math.max(1, at - now)} end
return {2, at - now}
`;

/**
 * KEYS: leases, pace, reserved.
 * ARGV: maxConcurrent, gapMs, leaseMs, reservationTtlMs, owner...
 * Reserves the next free starts on the host's schedule, one per owner in
 * order (jobs about to be queued), and returns each one's ms from now.
 */
export const RESERVE_LUA = `${SPACING}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxConcurrent = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local reservationTtl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local pace = redis.call('HMGET', KEYS[2], 'last', 'tail', 'held')
local spacing = spacingOf(now, gap, lease, maxConcurrent, tonumber(pace[3]) or 0)
local at = math.max(tonumber(pace[2]) or 0, (tonumber(pace[1]) or 0) + gap, now)
local out = {}
local args = {}
for i = 5, #ARGV do
  out[#out + 1] = at - now
  args[#args + 1] = at
  args[#args + 1] = ARGV[i]
  at = at + spacing
end
if #args > 0 then
  redis.call('ZADD', KEYS[3], unpack(args))
  redis.call('PEXPIRE', KEYS[3], at - now + reservationTtl)
  redis.call('HSET', KEYS[2], 'tail', at)
  redis.call('PEXPIRE', KEYS[2], at - now + math.max(lease, 60000))
end
return out
`;

/**
 * KEYS: leases, pace. ARGV: token, leaseMs.
 * Ends a lease and folds how long it was held into the host's average.
 */
export const RELEASE_LUA = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local took = math.max(0, now - (tonumber(score) - tonumber(ARGV[2])))
local held = tonumber(redis.call('HGET', KEYS[2], 'held'))
if held then took = math.floor(held * 0.8 + took * 0.2) end
redis.call('HSET', KEYS[2], 'held', took)
return 1
`;
