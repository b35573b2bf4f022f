/**
 * Runtime reconfiguration: SIGHUP and RELOAD re-read the configuration (flags, environment, file) and
 * apply live what can change live ({@link ziggy.daemon.reload.LiveSetting}); LOG_LEVEL sets ziggyd's own
 * log level. A bad configuration changes nothing and says why; a change that needs a restart is named.
 */
package ziggy.daemon.reload;
