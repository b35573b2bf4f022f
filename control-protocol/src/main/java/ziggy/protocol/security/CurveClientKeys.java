package ziggy.protocol.security;

import org.zeromq.ZMQ;

/**
 * What a connecting socket needs for CURVE: the server's public key (its {@code NAME.key}) and a key
 * pair of its own: a certificate the server may know ({@code --curve-cert}), or, without one, a fresh
 * pair for this process, which a server that takes any CURVE client accepts.
 */
public final class CurveClientKeys {
    private final byte[] serverPublicKey;
    private final CurveCertificate own;

    public CurveClientKeys(CurveCertificate server, CurveCertificate own) {
        this.serverPublicKey = server.publicKey();
        this.own = own == null ? CurveCertificate.generate() : own;
        if (!this.own.hasSecretKey()) {
            throw new InvalidCertificateException("the client's own certificate needs its secret key (a NAME.key_secret file)");
        }
    }

    /** Sets {@code socket} up as a CURVE client of this server, before it connects. */
    public void apply(ZMQ.Socket socket) {
        socket.setCurveServerKey(serverPublicKey);
        socket.setCurvePublicKey(own.publicKey());
        socket.setCurveSecretKey(own.secretKey());
    }

    public String serverKeyZ85() {
        return ZMQ.Curve.z85Encode(serverPublicKey);
    }

    public CurveCertificate own() {
        return own;
    }
}
