import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Creates Kafka topics with one partition and one replica unless they exist. Run by
 * scripts/local-cluster: java -cp CLASSPATH scripts/lib/CreateTopics.java BOOTSTRAP TOPIC...
 */
public class CreateTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "expected the bootstrap servers and at least one topic, got " + List.of(args));
        }
        Map<String, Object> settings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    List.of(args).subList(1, args.length).stream()
                            .filter(topic -> !existing.contains(topic))
                            .map(topic -> new NewTopic(topic, 1, (short) 1))
                            .toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            for (NewTopic topic : missing) {
                System.out.println("created topic " + topic.name());
            }
        }
    }
}
