package im.api.webhook;

import im.support.StandaloneModeTest;

/** Outgoing webhooks in standalone mode (H2, one process). */
@StandaloneModeTest
class StandaloneWebhookTests extends WebhookTests {

}
