package im.core.delivery.kafka;

import im.core.RunMode;
import im.core.delivery.ClusterSettings;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.TopicBuilder;

/** The delivery topic, created at start when missing (by Boot's KafkaAdmin). */
@Configuration(proxyBeanMethods = false)
@Profile(RunMode.CLUSTER)
@EnableKafka
class ClusterDeliveryConfiguration {

	@Bean
	NewTopic deliveryTopic(ClusterSettings settings) {
		return TopicBuilder.name(settings.topic())
			.partitions(settings.partitions())
			.replicas(settings.replication())
			.build();
	}

}
