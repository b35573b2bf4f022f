/** A packaged ziggyd reconfigured while it runs: ziggyctl reload, SIGHUP and ziggyctl log-level. */
package ziggy.system.reload;
