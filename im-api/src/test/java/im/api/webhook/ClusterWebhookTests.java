package im.api.webhook;

import im.support.ClusterModeTest;

/** Outgoing webhooks in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterWebhookTests extends WebhookTests {

}
