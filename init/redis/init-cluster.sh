#!/bin/sh
# One-shot init container: turns six empty cluster-enabled Redis nodes into a Redis Cluster with one replica
# per master, and does nothing when a healthy cluster is already there (so a second `docker compose up`
# changes nothing). A cluster that is there but broken (a node restarted empty, say) and does not heal by
# itself is reset and created anew: it is a cache, MongoDB holds the data. Every wait is bounded; a failure
# says what failed and exits non-zero.
#
# Environment:
#   REDIS_CLUSTER_NODES     space-separated host:port of all nodes (default: redis-1:6379 ... redis-6:6379)
#   REDIS_CLUSTER_REPLICAS  replicas per master (default 1)
#   REDIS_WAIT_SECONDS      how long to wait for each node, and for the cluster to converge (default 60)
#   REDIS_HEAL_SECONDS      how long a broken cluster may take to heal before it is rebuilt (default 20)
#   REDISCLI_AUTH           password, if the nodes require one (read by redis-cli itself)
set -eu

NODES=${REDIS_CLUSTER_NODES:-"redis-1:6379 redis-2:6379 redis-3:6379 redis-4:6379 redis-5:6379 redis-6:6379"}
REPLICAS=${REDIS_CLUSTER_REPLICAS:-1}
WAIT_SECONDS=${REDIS_WAIT_SECONDS:-60}
HEAL_SECONDS=${REDIS_HEAL_SECONDS:-20}
SLOTS=16384

log() { echo "[redis-init] $*"; }
fail() { echo "[redis-init] ERROR: $*" >&2; exit 1; }

command -v redis-cli >/dev/null 2>&1 || fail "redis-cli is not installed (run this in the redis image, or install redis-tools)"
command -v timeout >/dev/null 2>&1 || fail "timeout (coreutils) is not installed"

host_of() { echo "${1%:*}"; }
port_of() { echo "${1##*:}"; }

# redis-cli on one node, never for longer than 5 s.
cli() {
    node=$1
    shift
    timeout 5 redis-cli -h "$(host_of "$node")" -p "$(port_of "$node")" "$@"
}

info_field() {
    cli "$1" cluster info 2>/dev/null | tr -d '\r' | sed -n "s/^$2://p"
}

# Runs the command every second until it succeeds. After WAIT_SECONDS it fails with the message $2;
# every 5 s it says what it is waiting for ($1).
retry() {
    what=$1
    failure=$2
    shift 2
    waited=0
    until "$@"; do
        [ "$waited" -lt "$WAIT_SECONDS" ] || fail "$failure"
        if [ $((waited % 5)) -eq 0 ]; then
            log "waiting for $what (${waited}s of ${WAIT_SECONDS}s)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

answers_ping() {
    [ "$(cli "$1" ping 2>/dev/null | tr -d '\r')" = "PONG" ]
}

wait_for_node() {
    node=$1
    retry "$node" "node $node did not answer PING within ${WAIT_SECONDS}s: is it running, and reachable from here?" answers_ping "$node"
    cli "$node" info cluster 2>/dev/null | tr -d '\r' | grep -q '^cluster_enabled:1' \
        || fail "node $node is not in cluster mode: start it with --cluster-enabled yes"
}

count_nodes() {
    echo "$NODES" | wc -w | tr -d ' '
}

# Healthy: every node sees state ok, all slots assigned and served, and every node of the cluster.
cluster_healthy() {
    expected=$(count_nodes)
    for node in $NODES; do
        [ "$(info_field "$node" cluster_state)" = "ok" ] || return 1
        [ "$(info_field "$node" cluster_slots_ok)" = "$SLOTS" ] || return 1
        [ "$(info_field "$node" cluster_known_nodes)" = "$expected" ] || return 1
    done
    return 0
}

wait_until_healthy() {
    retry "the cluster to converge" \
        "the cluster did not reach cluster_state:ok with $SLOTS slots on every node within ${WAIT_SECONDS}s; see 'redis-cli cluster info' on each node" \
        cluster_healthy
}

# redis-cli --cluster create wants addresses; the nodes still announce their hostnames to clients.
address_of() {
    host=$(host_of "$1")
    case "$host" in
        *[!0-9.]*) ip=$(getent hosts "$host" | awk '{ print $1; exit }') ;;
        *) ip=$host ;;
    esac
    [ -n "$ip" ] || fail "cannot resolve $host"
    echo "$ip:$(port_of "$1")"
}

for node in $NODES; do
    wait_for_node "$node"
done
log "all $(count_nodes) nodes answer"

if cluster_healthy; then
    log "a healthy cluster already exists (state ok, $SLOTS slots, $(count_nodes) nodes): nothing to do"
    exit 0
fi

# Waits up to HEAL_SECONDS for a healthy cluster; true if it became healthy.
heals() {
    waited=0
    while [ "$waited" -lt "$HEAL_SECONDS" ]; do
        cluster_healthy && return 0
        sleep 1
        waited=$((waited + 1))
    done
    cluster_healthy
}

# Forgets the cluster and every key: a master must be empty before CLUSTER RESET, a replica refuses FLUSHALL
# (and is emptied by the reset itself).
reset_node() {
    cli "$1" flushall >/dev/null 2>&1 || true
    [ "$(cli "$1" cluster reset hard 2>&1 | tr -d '\r')" = "OK" ] || fail "CLUSTER RESET HARD failed on $1"
}

for node in $NODES; do
    known=$(info_field "$node" cluster_known_nodes)
    if [ "$known" != "1" ]; then
        log "node $node already knows $known nodes: a cluster exists but is not healthy; giving it ${HEAL_SECONDS}s to heal"
        if heals; then
            log "the existing cluster is healthy: nothing to do"
            exit 0
        fi
        log "the cluster did not heal (a node restarted without its cluster state?): resetting every node and creating it anew"
        for each in $NODES; do
            reset_node "$each"
        done
        break
    fi
done

addresses=""
for node in $NODES; do
    addresses="$addresses $(address_of "$node")"
done
log "creating the cluster with $REPLICAS replica(s) per master:$addresses"
# shellcheck disable=SC2086 # one argument per address
timeout "$WAIT_SECONDS" redis-cli --cluster create $addresses --cluster-replicas "$REPLICAS" --cluster-yes \
    || fail "redis-cli --cluster create failed (output above)"

wait_until_healthy
first=$(echo "$NODES" | awk '{ print $1 }')
expected_replicas=$(( $(count_nodes) * REPLICAS / (REPLICAS + 1) ))
replicas_seen() {
    [ "$(cli "$first" cluster nodes | awk '$3 ~ /slave/' | wc -l | tr -d ' ')" = "$expected_replicas" ]
}
retry "$expected_replicas replicas" "expected $expected_replicas replicas, the cluster did not report them within ${WAIT_SECONDS}s" replicas_seen
log "cluster ready: $(cli "$first" cluster nodes | awk '$3 ~ /master/' | wc -l | tr -d ' ') masters, $expected_replicas replicas, $SLOTS slots"
