'use strict';
/*
 * The decisions of the MongoDB init container, free of any I/O of its own: every step first asks the servers
 * what state they are in and only then acts, so running it on a configured cluster changes nothing.
 * init-sharded-cluster.js runs it under mongosh against the real servers; plan.test.js runs it under Node
 * against recorded replies.
 *
 * deps.command(host, command, db) -> reply document (or a Promise of one); throws when the host cannot be
 *   reached, and, as mongosh's runCommand does, on a reply with ok: 0 (an error carrying code and codeName)
 * deps.sleep(ms) (may return a Promise), deps.log(line), deps.now() -> ms
 *
 * Every call of deps is awaited: mongosh turns synchronous-looking shell calls into awaited ones only in the
 * script it runs, not in a module loaded with require(), where they are plain Promises.
 */

const DEFAULTS = Object.freeze({
  configReplicaSet: { name: 'configrs', members: ['mongo-config:27019'] },
  shards: [
    { name: 'shard1', members: ['shard1-a:27018', 'shard1-b:27018', 'shard1-c:27018'] },
    { name: 'shard2', members: ['shard2-a:27018', 'shard2-b:27018', 'shard2-c:27018'] },
  ],
  router: 'mongos:27017',
  database: 'somedb',
  collection: 'users',
  shardKey: { name: 'hashed' },
  waitSeconds: 120,
});

const NOT_YET_INITIALIZED = 94;

function createInit(deps) {
  const { command, sleep, log, now } = deps;

  /** The reply, or an ok: 0 document that keeps the server's error code, or says the host was unreachable. */
  async function attempt(host, cmd, db) {
    try {
      return await command(host, cmd, db || 'admin');
    } catch (e) {
      const message = String(e && e.message ? e.message : e);
      if (e && typeof e.code === 'number') {
        return { ok: 0, code: e.code, codeName: e.codeName, errmsg: message };
      }
      return { ok: 0, unreachable: true, errmsg: message };
    }
  }

  async function waitUntil(what, seconds, probe) {
    const deadline = now() + seconds * 1000;
    let nextReport = now();
    let last;
    for (;;) {
      last = await probe();
      if (last.done) {
        return last.value;
      }
      if (now() >= deadline) {
        throw new Error(`timed out after ${seconds}s waiting for ${what}` + (last.reason ? `: ${last.reason}` : ''));
      }
      if (now() >= nextReport) {
        log(`waiting for ${what}` + (last.reason ? ` (${last.reason})` : ''));
        nextReport = now() + 5000;
      }
      await sleep(1000);
    }
  }

  async function waitForHost(host, seconds) {
    await waitUntil(`${host} to answer`, seconds, async () => {
      const reply = await attempt(host, { ping: 1 });
      return reply.ok === 1 ? { done: true } : { done: false, reason: reply.errmsg };
    });
  }

  /** Initiates a replica set unless it already is one. Returns 'initiated' or 'present'. */
  async function ensureReplicaSet(replicaSet, options) {
    const seed = replicaSet.members[0];
    const status = await attempt(seed, { replSetGetStatus: 1 });
    if (status.ok === 1) {
      log(`replica set ${replicaSet.name}: already initiated (${status.set || replicaSet.name}), nothing to do`);
      return 'present';
    }
    if (status.code !== NOT_YET_INITIALIZED) {
      throw new Error(`replica set ${replicaSet.name}: unexpected replSetGetStatus reply from ${seed}: ${JSON.stringify(status)}`);
    }
    const config = {
      _id: replicaSet.name,
      members: replicaSet.members.map((host, i) => ({ _id: i, host })),
    };
    if (options && options.configsvr) {
      config.configsvr = true;
    }
    const reply = await attempt(seed, { replSetInitiate: config });
    if (reply.ok !== 1) {
      throw new Error(`replica set ${replicaSet.name}: replSetInitiate failed: ${JSON.stringify(reply)}`);
    }
    log(`replica set ${replicaSet.name}: initiated with ${replicaSet.members.join(', ')}`);
    return 'initiated';
  }

  async function waitForPrimary(replicaSet, seconds) {
    return waitUntil(`a primary in ${replicaSet.name}`, seconds, async () => {
      const hello = await attempt(replicaSet.members[0], { hello: 1 });
      return hello.primary ? { done: true, value: hello.primary } : { done: false, reason: 'no primary elected yet' };
    });
  }

  /** Adds a shard to the router unless it is there. Returns 'added' or 'present'. */
  async function ensureShard(router, shard) {
    const listed = await attempt(router, { listShards: 1 });
    if (listed.ok !== 1) {
      throw new Error(`listShards on ${router} failed: ${JSON.stringify(listed)}`);
    }
    if ((listed.shards || []).some((s) => s._id === shard.name)) {
      log(`shard ${shard.name}: already added, nothing to do`);
      return 'present';
    }
    const reply = await attempt(router, { addShard: `${shard.name}/${shard.members.join(',')}`, name: shard.name });
    if (reply.ok !== 1) {
      throw new Error(`addShard ${shard.name} failed: ${JSON.stringify(reply)}`);
    }
    log(`shard ${shard.name}: added`);
    return 'added';
  }

  /** Shards database.collection on the key unless it already is; refuses a different existing key. */
  async function ensureShardedCollection(router, database, collection, shardKey) {
    const namespace = `${database}.${collection}`;
    const found = await attempt(router, { find: 'collections', filter: { _id: namespace } }, 'config');
    if (found.ok !== 1) {
      throw new Error(`reading config.collections on ${router} failed: ${JSON.stringify(found)}`);
    }
    const existing = (found.cursor && found.cursor.firstBatch || []).find((c) => !c.dropped);
    if (existing) {
      if (JSON.stringify(existing.key) !== JSON.stringify(shardKey)) {
        throw new Error(`${namespace} is already sharded on ${JSON.stringify(existing.key)}, not ${JSON.stringify(shardKey)}; resharding is a manual decision`);
      }
      log(`collection ${namespace}: already sharded on ${JSON.stringify(shardKey)}, nothing to do`);
      return 'present';
    }
    const enabled = await attempt(router, { enableSharding: database });
    if (enabled.ok !== 1) {
      throw new Error(`enableSharding ${database} failed: ${JSON.stringify(enabled)}`);
    }
    const sharded = await attempt(router, { shardCollection: namespace, key: shardKey });
    if (sharded.ok !== 1) {
      throw new Error(`shardCollection ${namespace} failed: ${JSON.stringify(sharded)}`);
    }
    log(`collection ${namespace}: sharded on ${JSON.stringify(shardKey)}`);
    return 'sharded';
  }

  /** The whole sequence. Returns what each step did. */
  async function run(settings) {
    const s = settings || DEFAULTS;
    const replicaSets = [s.configReplicaSet, ...s.shards];
    for (const replicaSet of replicaSets) {
      for (const member of replicaSet.members) {
        await waitForHost(member, s.waitSeconds);
      }
    }
    const actions = {};
    actions[s.configReplicaSet.name] = await ensureReplicaSet(s.configReplicaSet, { configsvr: true });
    for (const shard of s.shards) {
      actions[shard.name] = await ensureReplicaSet(shard);
    }
    for (const replicaSet of replicaSets) {
      log(`replica set ${replicaSet.name}: primary is ${await waitForPrimary(replicaSet, s.waitSeconds)}`);
    }
    await waitForHost(s.router, s.waitSeconds);
    for (const shard of s.shards) {
      actions[`addShard ${shard.name}`] = await ensureShard(s.router, shard);
    }
    actions[`${s.database}.${s.collection}`] = await ensureShardedCollection(s.router, s.database, s.collection, s.shardKey);
    return actions;
  }

  return { run, ensureReplicaSet, ensureShard, ensureShardedCollection, waitForPrimary, waitForHost };
}

module.exports = { createInit, DEFAULTS };
