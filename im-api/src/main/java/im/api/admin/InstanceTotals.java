package im.api.admin;

/**
 * What each instance counts on its own (integrator pushes, server errors), summed over
 * the cluster for the dashboard's charts: standalone, this instance's; in a cluster,
 * every instance's, through Redis.
 */
interface InstanceTotals {

	/** Publishes this instance's running totals; answers the sums over every instance. */
	Totals publish(Totals local);

	/** Running totals since an instance started. */
	record Totals(double pushes, double errors) {

	}

}
