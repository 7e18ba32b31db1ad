// One-shot init container (run by mongosh --nodb): configures the sharded cluster of local-stack/compose.yaml
// with no manual step, and changes nothing when it is already configured. The decisions are in plan.js.
'use strict';

const { createInit, DEFAULTS } = require((process.env.INIT_DIR || '/init') + '/plan.js');

const connections = {};

function connection(host) {
  if (!connections[host]) {
    // Direct connections with short timeouts: members are contacted before they form replica sets.
    connections[host] = new Mongo(`mongodb://${host}/?directConnection=true&serverSelectionTimeoutMS=2000&connectTimeoutMS=2000&socketTimeoutMS=30000`);
  }
  return connections[host];
}

const init = createInit({
  command: (host, cmd, db) => {
    try {
      return connection(host).getDB(db).runCommand(cmd);
    } catch (e) {
      delete connections[host];
      throw e;
    }
  },
  sleep: (ms) => sleep(ms),
  log: (line) => print(`[mongo-init] ${line}`),
  now: () => Date.now(),
});

try {
  const actions = init.run(DEFAULTS);
  print(`[mongo-init] done: ${JSON.stringify(actions)}`);
} catch (e) {
  print(`[mongo-init] ERROR: ${e.message}`);
  quit(1);
}
