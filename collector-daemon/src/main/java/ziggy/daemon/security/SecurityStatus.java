package ziggy.daemon.security;

import java.util.List;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

import ziggy.protocol.control.StatusKeys;
import ziggy.zmtp.RefusalReason;
import ziggy.zmtp.ZmtpCounters;

/**
 * STATUS's {@code security} section ({@link StatusKeys}): whether CURVE is on, who may connect, and
 * every refusal: the collect endpoint's CURVE reasons (also under {@code collect.refusals}), the
 * authenticator's per port, and the admin commands refused.
 */
public final class SecurityStatus {
    /** The collect endpoint's reasons that concern who a peer is; the others concern what it sends. */
    static final List<RefusalReason> COLLECT_REASONS = List.of(RefusalReason.MECHANISM, RefusalReason.CURVE_HANDSHAKE,
            RefusalReason.CURVE_RATE,
            RefusalReason.CURVE_BOX, RefusalReason.CURVE_NONCE, RefusalReason.UNAUTHORIZED_KEY);

    private final SecuritySettings settings;
    private final SecurityCounters counters;
    private final ZmtpCounters collect;
    private final List<String> warnings;

    public SecurityStatus(SecuritySettings settings, SecurityCounters counters, ZmtpCounters collect, List<String> warnings) {
        this.settings = settings;
        this.counters = counters;
        this.collect = collect;
        this.warnings = List.copyOf(warnings);
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Appends the section to a STATUS reply being built. */
    public void appendTo(BsonDocument status) {
        BsonDocument refusals = new BsonDocument();
        BsonDocument collectRefusals = new BsonDocument();
        for (RefusalReason reason : COLLECT_REASONS) {
            collectRefusals.append(reason.wireName(), new BsonInt64(collect.refused(reason)));
        }
        refusals.append("collect", collectRefusals);
        for (String port : SecurityCounters.PORTS) {
            BsonDocument byReason = new BsonDocument();
            for (SecurityCounters.Refusal reason : SecurityCounters.Refusal.values()) {
                byReason.append(reason.wireName(), new BsonInt64(counters.refused(port, reason)));
            }
            refusals.append(port, byReason);
        }
        BsonArray warningList = new BsonArray();
        warnings.forEach(warning -> warningList.add(new BsonString(warning)));
        status.append(StatusKeys.SECURITY, new BsonDocument()
                .append(StatusKeys.SECURITY_CURVE, BsonBoolean.valueOf(settings.curve()))
                .append(StatusKeys.SECURITY_CLIENTS, settings.clients() == null
                        ? new BsonString(StatusKeys.SECURITY_ANY_CLIENT) : new BsonInt32(settings.clients().size()))
                .append(StatusKeys.SECURITY_ADMINS, new BsonInt32(settings.admins().size()))
                .append(StatusKeys.SECURITY_ADMIN_REFUSED, new BsonInt64(counters.adminRefused()))
                .append(StatusKeys.SECURITY_REFUSALS, refusals)
                .append(StatusKeys.SECURITY_WARNINGS, warningList));
    }
}
