// One-shot init container (run by mongosh --nodb): configures the sharded cluster of local-stack/compose.yaml
// with no manual step, and changes nothing when it is already configured. The decisions are in plan.js.
//
// MONGO_INIT_SETTINGS (JSON, optional) replaces the topology of plan.js's DEFAULTS (the tests point the script
// at servers of their own with it). Exit code 0 when the cluster is configured, 1 with the reason otherwise.
'use strict';

const { createInit, DEFAULTS } = require((process.env.INIT_DIR || '/init') + '/plan.js');

const settings = process.env.MONGO_INIT_SETTINGS ? JSON.parse(process.env.MONGO_INIT_SETTINGS) : DEFAULTS;
const connections = {};

function connection(host) {
  if (!connections[host]) {
    // Direct connections with short timeouts: members are contacted before they form replica sets.
    connections[host] = new Mongo(`mongodb://${host}/?directConnection=true&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&socketTimeoutMS=30000`);
  }
  return connections[host];
}

// plan.js is a module: mongosh does not await shell calls made from it, so these are explicit async functions
// whose Promises plan.js awaits. runCommand throws on ok: 0 replies; the error keeps the server's code.
const init = createInit({
  command: async (host, cmd, db) => {
    try {
      return await connection(host).getDB(db).runCommand(cmd);
    } catch (e) {
      if (typeof e.code !== 'number') {
        delete connections[host];   // a network error: reconnect next time
      }
      throw e;
    }
  },
  sleep: async (ms) => { await sleep(ms); },
  log: (line) => print(`[mongo-init] ${line}`),
  now: () => Date.now(),
});

// mongosh has no top-level await in scripts; it keeps running until this function's work is done.
(async () => {
  try {
    const actions = await init.run(settings);
    print(`[mongo-init] done: ${JSON.stringify(actions)}`);
  } catch (e) {
    print(`[mongo-init] ERROR: ${e.message}`);
    quit(1);
  }
})();
