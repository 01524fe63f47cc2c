package im.api.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's charts.
 *
 * @param sampleEvery how often each instance takes the dashboard's figures into the
 * history the charts draw ({@code IM_DASHBOARD_SAMPLE_EVERY})
 */
@ConfigurationProperties("im.dashboard")
record DashboardSettings(@DefaultValue("10s") Duration sampleEvery) {

}
