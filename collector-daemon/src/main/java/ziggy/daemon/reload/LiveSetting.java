package ziggy.daemon.reload;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Settings a running daemon can take without a restart, and how: {@code check} throws an
 * {@code IllegalArgumentException} for values it could not take (before anything changes), {@code apply}
 * takes them. Both get every setting's new value by key ({@code forward}, {@code log-level}), so that a
 * setting read with another ({@code forward} with {@code forward-control}) sees both.
 *
 * @param keys the settings (long flags without "--") this one applies when any of them changed
 */
public record LiveSetting(List<String> keys, Consumer<Map<String, String>> check, Consumer<Map<String, String>> apply) {
}
