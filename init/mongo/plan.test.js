'use strict';
// Runs the init decisions against recorded server replies (MongoDB 8.0) for a fresh and an initialised
// cluster: node --test init/mongo/
const test = require('node:test');
const assert = require('node:assert');
const { createInit, DEFAULTS } = require('./plan.js');

const NOT_YET_INITIALIZED = { ok: 0, errmsg: 'no replset config has been received', code: 94, codeName: 'NotYetInitialized' };

/**
 * A fake cluster: replies by command name, records every command sent. Like mongosh's runCommand it answers
 * with Promises and rejects an ok: 0 reply with an error that carries the code (MongoServerError); the real
 * mongosh runs the real entry script in deploy/…/MongoInitScriptIT.
 */
function fakeCluster(state) {
  const sent = [];
  let clock = 0;
  const deps = {
    sent,
    async command(host, cmd, db) {
      const name = Object.keys(cmd)[0];
      sent.push({ host, name, cmd, db });
      if (state.unreachable && state.unreachable.includes(host)) {
        throw new Error(`connect ECONNREFUSED ${host}`);
      }
      const configured = state[name];
      const reply = typeof configured === 'function' ? configured(host, cmd, db) : configured;
      if (reply.ok !== 1) {
        throw Object.assign(new Error(reply.errmsg), { code: reply.code, codeName: reply.codeName });
      }
      return reply;
    },
    async sleep(ms) { clock += ms; },
    log() {},
    now() { return clock; },
  };
  return deps;
}

const freshState = () => {
  const initiated = new Set();
  return {
    ping: { ok: 1 },
    replSetGetStatus: (host) => (initiated.has(host) ? { ok: 1, set: 'x', myState: 1 } : NOT_YET_INITIALIZED),
    replSetInitiate: (host) => { initiated.add(host); return { ok: 1 }; },
    hello: (host) => (initiated.has(host) ? { isWritablePrimary: true, primary: host, setName: 'x', ok: 1 } : { isWritablePrimary: false, ok: 1 }),
    listShards: { shards: [], ok: 1 },
    addShard: (host, cmd) => ({ shardAdded: cmd.name, ok: 1 }),
    find: { cursor: { firstBatch: [], id: 0, ns: 'config.collections' }, ok: 1 },
    enableSharding: { ok: 1 },
    shardCollection: { collectionsharded: 'somedb.users', ok: 1 },
  };
};

const initialisedState = () => ({
  ping: { ok: 1 },
  replSetGetStatus: (host) => ({ set: host.startsWith('mongo-config') ? 'configrs' : host.slice(0, 6), myState: 1, ok: 1 }),
  hello: (host) => ({ isWritablePrimary: true, primary: host, ok: 1 }),
  listShards: {
    shards: [
      { _id: 'shard1', host: 'shard1/shard1-a:27018,shard1-b:27018,shard1-c:27018', state: 1, topologyTime: { $timestamp: { t: 1795600800, i: 1 } } },
      { _id: 'shard2', host: 'shard2/shard2-a:27018,shard2-b:27018,shard2-c:27018', state: 1, topologyTime: { $timestamp: { t: 1795600801, i: 1 } } },
    ],
    ok: 1,
  },
  find: { cursor: { firstBatch: [{ _id: 'somedb.users', lastmodEpoch: { $oid: '65612f6c2a1b3c4d5e6f7a8b' }, key: { name: 'hashed' }, unique: false }], id: 0 }, ok: 1 },
});

const names = (sent, name) => sent.filter((c) => c.name === name);

test('a fresh cluster gets every replica set initiated, both shards added and the collection sharded', async () => {
  const deps = fakeCluster(freshState());
  const actions = await createInit(deps).run(DEFAULTS);

  assert.deepStrictEqual(actions, {
    configrs: 'initiated', shard1: 'initiated', shard2: 'initiated',
    'addShard shard1': 'added', 'addShard shard2': 'added', 'somedb.users': 'sharded',
  });
  const initiates = names(deps.sent, 'replSetInitiate');
  assert.strictEqual(initiates.length, 3);
  assert.deepStrictEqual(initiates[0].cmd.replSetInitiate, { _id: 'configrs', members: [{ _id: 0, host: 'mongo-config:27019' }], configsvr: true });
  assert.deepStrictEqual(initiates[1].cmd.replSetInitiate.members.map((m) => m.host), ['shard1-a:27018', 'shard1-b:27018', 'shard1-c:27018']);
  assert.strictEqual(initiates[1].cmd.replSetInitiate.configsvr, undefined);
  assert.deepStrictEqual(names(deps.sent, 'addShard').map((c) => c.cmd),
    [{ addShard: 'shard1/shard1-a:27018,shard1-b:27018,shard1-c:27018', name: 'shard1' },
      { addShard: 'shard2/shard2-a:27018,shard2-b:27018,shard2-c:27018', name: 'shard2' }]);
  assert.ok(names(deps.sent, 'addShard').every((c) => c.host === 'mongos:27017'));
  assert.deepStrictEqual(names(deps.sent, 'enableSharding').map((c) => c.cmd), [{ enableSharding: 'somedb' }]);
  assert.deepStrictEqual(names(deps.sent, 'shardCollection').map((c) => c.cmd), [{ shardCollection: 'somedb.users', key: { name: 'hashed' } }]);
});

test('an initialised cluster is left alone: no write command at all', async () => {
  const deps = fakeCluster(initialisedState());
  const actions = await createInit(deps).run(DEFAULTS);

  assert.ok(Object.values(actions).every((a) => a === 'present'), JSON.stringify(actions));
  const writes = deps.sent.filter((c) => ['replSetInitiate', 'addShard', 'enableSharding', 'shardCollection'].includes(c.name));
  assert.deepStrictEqual(writes, []);
});

test('a member that never answers fails the run within its bound, naming the member', async () => {
  const state = freshState();
  state.unreachable = ['shard2-b:27018'];
  const deps = fakeCluster(state);
  await assert.rejects(createInit(deps).run({ ...DEFAULTS, waitSeconds: 10 }),
    /timed out after 10s waiting for shard2-b:27018 to answer: connect ECONNREFUSED shard2-b:27018/);
  assert.ok(deps.now() <= 11000);
  assert.deepStrictEqual(names(deps.sent, 'replSetInitiate'), []);
});

test('a collection sharded on another key is refused, not resharded', async () => {
  const state = initialisedState();
  state.find = { cursor: { firstBatch: [{ _id: 'somedb.users', key: { _id: 1 } }] }, ok: 1 };
  const deps = fakeCluster(state);
  await assert.rejects(createInit(deps).run(DEFAULTS), /already sharded on \{"_id":1\}/);
  assert.deepStrictEqual(names(deps.sent, 'shardCollection'), []);
});

test('an unexpected replSetGetStatus reply stops the run with the reply in the message', async () => {
  const state = freshState();
  state.replSetGetStatus = { ok: 0, code: 13, codeName: 'Unauthorized', errmsg: 'command replSetGetStatus requires authentication' };
  await assert.rejects(createInit(fakeCluster(state)).run(DEFAULTS), /unexpected replSetGetStatus reply from mongo-config:27019.*Unauthorized/);
});

test('a replica set that elects no primary fails within the bound', async () => {
  const state = freshState();
  state.hello = { isWritablePrimary: false, ok: 1 };
  await assert.rejects(createInit(fakeCluster(state)).run({ ...DEFAULTS, waitSeconds: 5 }), /timed out after 5s waiting for a primary in configrs/);
});
