package im.api.bot;

import im.support.ClusterModeTest;

/** Bots and the directory in cluster mode (PostgreSQL, Redis, Kafka). */
@ClusterModeTest
class ClusterBotTests extends BotTests {

}
