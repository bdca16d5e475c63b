/**
 * The Lua scripts that make multi-step changes atomic (redis-server 7.0: no functions, no
 * 7.2+ commands), and a runner that calls them by SHA and falls back to EVAL after a server
 * restart emptied the script cache.
 *
 * Every settling script starts with XACK and does nothing more when XACK returns 0: the entry
 * was already settled (by us before a lost reply, or by another member after a claim). That
 * makes them safe to resend after a reconnect and keeps a settlement from happening twice.
 */
import { createHash } from "node:crypto";
import { Cluster } from "ioredis";
import type { RedisClient } from "./context.js";

export interface Script {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
}

function script(name: string, lua: string): Script {
  return { name, lua, sha: createHash("sha1").update(lua).digest("hex") };
}

const NOW_MS = `local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** Records a group's status of an event, for as long as the event's status key lives. */
const SET_STATUS = `local function setStatus(eventKey, groupsKey, group, status)
  local ttl = redis.call('PTTL', eventKey)
  if ttl > 0 then
    redis.call('HSET', groupsKey, group, status)
    redis.call('PEXPIRE', groupsKey, ttl)
  end
end
`;

/**
 * KEYS: the namespace's id clock, then (event key, stream key) per event. ARGV: TTL ms, then per
 * event: name, field count, fields. Returns the new entry id per event, "" for a duplicate
 * (its event key still exists).
 *
 * Entry ids come from one clock per namespace (server time, sequence within a millisecond), so
 * they order events across all its streams, not only within one: consumers of several streams
 * merge by id. A stream whose top id is ahead of the clock (written by someone else) gets `*`.
 */
export const PUBLISH = script(
  "publish",
  `${NOW_MS}
local ttl = ARGV[1]
local clock = redis.call('GET', KEYS[1])
local ms, seq = 0, -1
if clock then
  local m, s = string.match(clock, '^(%d+)-(%d+)$')
  ms, seq = tonumber(m), tonumber(s)
end
local now = nowMs()
local at = 2
local ids = {}
for i = 2, #KEYS, 2 do
  local name = ARGV[at]
  local n = tonumber(ARGV[at + 1])
  local first = at + 2
  at = first + n
  local nms, nseq = ms, seq + 1
  if now > ms then nms, nseq = now, 0 end
  local id = string.format('%d-%d', nms, nseq)
  -- The dedup key is written first, with the id the entry is about to get: one step, not check-then-set.
  if not redis.call('SET', KEYS[i], name .. '\\n' .. id, 'NX', 'PX', ttl) then
    ids[#ids + 1] = ''
  else
    ms, seq = nms, nseq
    local added = redis.pcall('XADD', KEYS[i + 1], id, unpack(ARGV, first, first + n - 1))
    if type(added) ~= 'string' then
      added = redis.call('XADD', KEYS[i + 1], '*', unpack(ARGV, first, first + n - 1))
      local m, s = string.match(added, '^(%d+)-(%d+)$')
      ms, seq = tonumber(m), tonumber(s)
      redis.call('SET', KEYS[i], name .. '\\n' .. added, 'PX', ttl)
    end
    ids[#ids + 1] = added
  end
end
redis.call('SET', KEYS[1], string.format('%d-%d', ms, seq))
return ids`,
);

/**
 * Re-reads the consumer's own pending entries (XREADGROUP with an id) with their delivery counts.
 * KEYS[1]: stream. ARGV: group, consumer, count, read after this id.
 * Returns {entries, XPENDING rows}; a trimmed entry comes back as {id, nil}.
 */
export const RECOVER = script(
  "recover",
  `local got = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], ARGV[4])
local entries = got and got[1][2] or {}
if #entries == 0 then return {{}, {}} end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], entries[1][1], entries[#entries][1], #entries, ARGV[2])
return {entries, pending}`,
);

/**
 * Claims entries idle longer than the ack timeout (XAUTOCLAIM) with their delivery counts.
 * KEYS[1]: stream. ARGV: group, consumer, min idle ms, cursor, count.
 * Returns {next cursor, entries, delivery counts, ids that were trimmed while pending}.
 */
export const CLAIM = script(
  "claim",
  `local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
local counts = {}
for i, entry in ipairs(r[2]) do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
  counts[i] = p[1] and p[1][4] or 1
end
return {r[1], r[2], counts, r[3] or {}}`,
);

/**
 * Acknowledges an entry of a retry stream: it belongs to one group only, so it is deleted too.
 * KEYS: stream, event key, event-groups key. ARGV: group, entry id.
 */
export const ACK_RETRIED = script(
  "ack-retried",
  `${SET_STATUS}
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
setStatus(KEYS[2], KEYS[3], ARGV[1], 'completed')
return 1`,
);

/**
 * Acknowledges the entry and schedules its retry in the group's delay set, due after the delay
 * the bus computed (server clock). KEYS: stream, delay set, event key, event-groups key.
 * ARGV: group, entry id, delay ms, delay-set member, "1" when the stream is a retry stream.
 */
export const RETRY = script(
  "retry",
  `${NOW_MS}${SET_STATUS}
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
if ARGV[5] == '1' then redis.call('XDEL', KEYS[1], ARGV[2]) end
redis.call('ZADD', KEYS[2], nowMs() + tonumber(ARGV[3]), ARGV[4])
setStatus(KEYS[3], KEYS[4], ARGV[1], 'retrying')
return 1`,
);

/**
 * Acknowledges the entry and moves it to the DLQ stream in one step; DLQ entries older than the
 * TTL are trimmed by the same XADD. KEYS: stream, DLQ, event key, event-groups key.
 * ARGV: group, entry id, DLQ TTL ms, "1" when the stream is a retry stream, DLQ fields.
 * Returns the DLQ entry id, "" when the entry was already settled.
 */
export const DEAD_LETTER = script(
  "dead-letter",
  `${NOW_MS}${SET_STATUS}
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return '' end
if ARGV[4] == '1' then redis.call('XDEL', KEYS[1], ARGV[2]) end
local id = redis.call('XADD', KEYS[2], 'MINID', nowMs() - tonumber(ARGV[3]), '*', unpack(ARGV, 5))
setStatus(KEYS[3], KEYS[4], ARGV[1], 'failed')
return id`,
);

/**
 * Moves due retries from the delay set to the group's retry streams.
 * KEYS: delay set, then the retry streams for critical, high, normal, low. ARGV: most to move.
 * Returns {moved, server now ms, score of the next retry or ""}.
 */
export const MOVE_DUE = script(
  "move-due",
  `${NOW_MS}
local now = nowMs()
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, ARGV[1])
for _, member in ipairs(due) do
  local m = cjson.decode(member)
  local fields = m.f
  fields[#fields + 1] = 'es-attempt'
  fields[#fields + 1] = tostring(m.a)
  redis.call('XADD', KEYS[1 + m.p], '*', unpack(fields))
  redis.call('ZREM', KEYS[1], member)
end
local nextDue = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {#due, tostring(now), nextDue[2] or ''}`,
);

/**
 * Trims entries older than the retention, but never one that a group has not acknowledged:
 * the bound is the lowest pending id, or the entry after the last delivered one, of every group.
 * KEYS[1]: stream. ARGV: retention ms. Returns how many entries were trimmed.
 */
export const TRIM = script(
  "trim",
  `${NOW_MS}
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return {tonumber(ms), tonumber(seq)}
end
local function less(a, b)
  return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local bound = {nowMs() - tonumber(ARGV[1]), 0}
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
  local b
  if tonumber(info['pending']) > 0 then
    b = parse(redis.call('XPENDING', KEYS[1], info['name'])[2])
  else
    b = parse(info['last-delivered-id'])
    b[2] = b[2] + 1
  end
  if less(b, bound) then bound = b end
end
return redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d-%d', bound[1], bound[2]))`,
);

/** Moves a dead letter to a retry stream. KEYS: DLQ, retry stream. ARGV: DLQ entry id, fields. */
export const REPLAY = script(
  "replay",
  `if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
return 1`,
);

/**
 * Removes a consumer from its group on every stream, but only when it holds no pending entry
 * (XGROUP DELCONSUMER would drop them). KEYS: streams. ARGV: group, consumer.
 */
export const DROP_CONSUMER = script(
  "drop-consumer",
  `for _, key in ipairs(KEYS) do
  local p = redis.pcall('XPENDING', key, ARGV[1], '-', '+', 1, ARGV[2])
  if type(p) == 'table' and p[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.pcall('XGROUP', 'DELCONSUMER', key, ARGV[1], ARGV[2]) end
return 1`,
);

const ALL = [PUBLISH, RECOVER, CLAIM, ACK_RETRIED, RETRY, DEAD_LETTER, MOVE_DUE, TRIM, REPLAY, DROP_CONSUMER];

/**
 * Loads every script (at start and after each reconnect). A NOSCRIPT fallback sends the call
 * again, after calls made later may already have run: loading first keeps effects in call order.
 */
export async function loadScripts(redis: RedisClient): Promise<void> {
  // SCRIPT LOAD has no key: a cluster client would send it to one node only.
  if (redis instanceof Cluster) {
    await Promise.all(redis.nodes("master").map((node) => loadScripts(node)));
    return;
  }
  const pipeline = redis.pipeline();
  for (const { lua } of ALL) pipeline.script("LOAD", lua);
  await pipeline.exec();
}

/** Runs a script by SHA; after a restart emptied the server's script cache, sends the source once. */
export async function runScript<T>(
  redis: RedisClient,
  { sha, lua }: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<T> {
  try {
    return (await redis.evalsha(sha, keys.length, ...keys, ...args)) as T;
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return (await redis.eval(lua, keys.length, ...keys, ...args)) as T;
  }
}
