package ziggy.daemon.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.zeromq.ZMQ;

import ziggy.protocol.security.AuthorizedKeys;
import ziggy.protocol.security.CurveCertificate;
import ziggy.zmtp.CurveServerKeys;

/**
 * What ziggyd was told about security.
 *
 * @param certificate    the daemon's own key pair ({@code --curve-cert}); null: no CURVE, every port trusts its network
 * @param clients        the client keys allowed to connect ({@code --curve-clients}); null: any CURVE client
 * @param admins         the keys whose requests may run admin commands ({@code --curve-admins}); empty: none
 * @param adminTokenFile where the admin token is written at every start ({@code --admin-token-file}); null:
 *                       the daemon's state folder (a master's {@code <log-path>/.ziggyd}, an agent's queue folder)
 */
public record SecuritySettings(CurveCertificate certificate, AuthorizedKeys clients, AuthorizedKeys admins,
                               Path adminTokenFile) {
    /** The token file's name in the daemon's state folder, when {@code --admin-token-file} is not given. */
    public static final String ADMIN_TOKEN_FILE_NAME = "admin-token";

    public SecuritySettings {
        if (certificate != null && !certificate.hasSecretKey()) {
            throw new IllegalArgumentException("the daemon's certificate needs its secret key (a NAME.key_secret file)");
        }
        admins = admins == null ? AuthorizedKeys.of(Set.of()) : admins;
    }

    /** No CURVE, no admin keys, the token in the state folder: what a daemon without security flags does. */
    public static SecuritySettings none() {
        return new SecuritySettings(null, null, null, null);
    }

    public boolean curve() {
        return certificate != null;
    }

    /** The token file: {@link #adminTokenFile()}, else {@value #ADMIN_TOKEN_FILE_NAME} in {@code stateFolder}. */
    public Path adminTokenFile(Path stateFolder) {
        return adminTokenFile != null ? adminTokenFile : stateFolder.resolve(ADMIN_TOKEN_FILE_NAME);
    }

    /**
     * Whether a CURVE client's key says who it is: CURVE with {@code --curve-clients}, keys the operator vouches
     * for. Then forwarding sources' marks go by their id under their key (docs/security.md); with any key taken
     * they cannot, since a forwarder without a certificate of its own makes a new key at each start.
     */
    public boolean clientKeysAreIdentities() {
        return certificate != null && clients != null;
    }

    /** The collect endpoint's CURVE identity and the clients it serves; null without CURVE. */
    public CurveServerKeys collectKeys() {
        if (certificate == null) {
            return null;
        }
        CurveServerKeys keys = CurveServerKeys.of(certificate.publicKey(), certificate.secretKey());
        if (clients == null) {
            return keys;
        }
        List<byte[]> authorized = new ArrayList<>();
        for (String key : clients.z85Keys()) {
            authorized.add(ZMQ.Curve.z85Decode(key));
        }
        return keys.authorizing(authorized);
    }

    /**
     * Makes {@code socket}, before it binds, a CURVE server of the daemon's key whose clients the
     * authenticator checks under {@code zapDomain} (the port's name in counts and logs); does nothing
     * without CURVE.
     */
    public void applyTo(ZMQ.Socket socket, String zapDomain) {
        if (certificate == null) {
            return;
        }
        socket.setZAPDomain(zapDomain);
        socket.setCurveServer(true);
        socket.setCurvePublicKey(certificate.publicKey());
        socket.setCurveSecretKey(certificate.secretKey());
    }

    /** For the start-up log line: who may connect. */
    public String describe() {
        if (certificate == null) {
            return "CURVE off";
        }
        return "CURVE on (server key " + certificate.publicKeyZ85() + "; "
                + (clients == null ? "any CURVE client" : clients.size() + " authorized client keys") + ", "
                + admins.size() + " admin keys)";
    }
}
