package ziggy.protocol.security;

/** A certificate or a folder of them that cannot be used; the message names the file and what is wrong. */
public final class InvalidCertificateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCertificateException(String message) {
        super(message);
    }
}
