package dev.userfunctions.cache;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds the {@link ClusterView} from Lettuce's topology and the node breakers. */
final class ClusterViews {

    private ClusterViews() {
    }

    static ClusterView of(StatefulRedisClusterConnection<String, byte[]> connection, NodeBreakers breakers) {
        if (connection == null) {
            return ClusterView.notConnected();
        }
        List<RedisClusterNode> nodes = List.copyOf(connection.getPartitions().getPartitions());
        List<ClusterView.Master> masters = new ArrayList<>();
        int served = 0;
        for (RedisClusterNode node : nodes) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                continue;
            }
            boolean failed = node.is(RedisClusterNode.NodeFlag.FAIL)
                    || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL);
            List<String> replicas = nodes.stream()
                .filter(replica -> node.getNodeId().equals(replica.getSlaveOf()))
                .map(ClusterViews::address)
                .sorted()
                .toList();
            ClusterView.Use use = switch (breakers.stateOf(node.getNodeId())) {
                case OPEN, FORCED_OPEN -> ClusterView.Use.BYPASSED;
                case HALF_OPEN -> ClusterView.Use.PROBING;
                default -> ClusterView.Use.IN_USE;
            };
            masters.add(new ClusterView.Master(address(node), node.getSlots().size(), failed, use, replicas));
            served += failed ? 0 : node.getSlots().size();
        }
        masters.sort(Comparator.comparing(ClusterView.Master::address));
        long bypassed = masters.stream().filter(master -> master.cache() != ClusterView.Use.IN_USE).count();
        ClusterView.Use state = bypassed == 0 ? ClusterView.Use.IN_USE
                : bypassed == masters.size() ? ClusterView.Use.BYPASSED : ClusterView.Use.PARTLY_BYPASSED;
        return new ClusterView(state, masters, served);
    }

    static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

}
