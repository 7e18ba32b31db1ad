'use strict';
/*
 * The decisions of the MongoDB init container, free of any I/O of its own: every step first asks the servers
 * what state they are in and only then acts, so running it on a configured cluster changes nothing.
 * init-sharded-cluster.js runs it under mongosh against the real servers; plan.test.js runs it under Node
 * against recorded replies.
 *
 * deps.command(host, command, db) -> reply document, throws when the host cannot be reached
 * deps.sleep(ms), deps.log(line), deps.now() -> ms
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

  function attempt(host, cmd, db) {
    try {
      return command(host, cmd, db || 'admin');
    } catch (e) {
      return { ok: 0, unreachable: true, errmsg: String(e && e.message ? e.message : e) };
    }
  }

  function waitUntil(what, seconds, probe) {
    const deadline = now() + seconds * 1000;
    let nextReport = now();
    let last;
    for (;;) {
      last = probe();
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
      sleep(1000);
    }
  }

  function waitForHost(host, seconds) {
    waitUntil(`${host} to answer`, seconds, () => {
      const reply = attempt(host, { ping: 1 });
      return reply.ok === 1 ? { done: true } : { done: false, reason: reply.errmsg };
    });
  }

  /** Initiates a replica set unless it already is one. Returns 'initiated' or 'present'. */
  function ensureReplicaSet(replicaSet, options) {
    const seed = replicaSet.members[0];
    const status = attempt(seed, { replSetGetStatus: 1 });
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
    const reply = attempt(seed, { replSetInitiate: config });
    if (reply.ok !== 1) {
      throw new Error(`replica set ${replicaSet.name}: replSetInitiate failed: ${JSON.stringify(reply)}`);
    }
    log(`replica set ${replicaSet.name}: initiated with ${replicaSet.members.join(', ')}`);
    return 'initiated';
  }

  function waitForPrimary(replicaSet, seconds) {
    return waitUntil(`a primary in ${replicaSet.name}`, seconds, () => {
      const hello = attempt(replicaSet.members[0], { hello: 1 });
      return hello.primary ? { done: true, value: hello.primary } : { done: false, reason: 'no primary elected yet' };
    });
  }

  /** Adds a shard to the router unless it is there. Returns 'added' or 'present'. */
  function ensureShard(router, shard) {
    const listed = attempt(router, { listShards: 1 });
    if (listed.ok !== 1) {
      throw new Error(`listShards on ${router} failed: ${JSON.stringify(listed)}`);
    }
    if ((listed.shards || []).some((s) => s._id === shard.name)) {
      log(`shard ${shard.name}: already added, nothing to do`);
      return 'present';
    }
    const reply = attempt(router, { addShard: `${shard.name}/${shard.members.join(',')}`, name: shard.name });
    if (reply.ok !== 1) {
      throw new Error(`addShard ${shard.name} failed: ${JSON.stringify(reply)}`);
    }
    log(`shard ${shard.name}: added`);
    return 'added';
  }

  /** Shards database.collection on the key unless it already is; refuses a different existing key. */
  function ensureShardedCollection(router, database, collection, shardKey) {
    const namespace = `${database}.${collection}`;
    const found = attempt(router, { find: 'collections', filter: { _id: namespace } }, 'config');
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
    const enabled = attempt(router, { enableSharding: database });
    if (enabled.ok !== 1) {
      throw new Error(`enableSharding ${database} failed: ${JSON.stringify(enabled)}`);
    }
    const sharded = attempt(router, { shardCollection: namespace, key: shardKey });
    if (sharded.ok !== 1) {
      throw new Error(`shardCollection ${namespace} failed: ${JSON.stringify(sharded)}`);
    }
    log(`collection ${namespace}: sharded on ${JSON.stringify(shardKey)}`);
    return 'sharded';
  }

  /** The whole sequence. Returns what each step did. */
  function run(settings) {
    const s = settings || DEFAULTS;
    const replicaSets = [s.configReplicaSet, ...s.shards];
    for (const replicaSet of replicaSets) {
      for (const member of replicaSet.members) {
        waitForHost(member, s.waitSeconds);
      }
    }
    const actions = {};
    actions[s.configReplicaSet.name] = ensureReplicaSet(s.configReplicaSet, { configsvr: true });
    for (const shard of s.shards) {
      actions[shard.name] = ensureReplicaSet(shard);
    }
    for (const replicaSet of replicaSets) {
      log(`replica set ${replicaSet.name}: primary is ${waitForPrimary(replicaSet, s.waitSeconds)}`);
    }
    waitForHost(s.router, s.waitSeconds);
    for (const shard of s.shards) {
      actions[`addShard ${shard.name}`] = ensureShard(s.router, shard);
    }
    actions[`${s.database}.${s.collection}`] = ensureShardedCollection(s.router, s.database, s.collection, s.shardKey);
    return actions;
  }

  return { run, ensureReplicaSet, ensureShard, ensureShardedCollection, waitForPrimary, waitForHost };
}

module.exports = { createInit, DEFAULTS };
