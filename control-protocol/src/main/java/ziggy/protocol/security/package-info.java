/**
 * CurveZMQ certificates, the folders of authorized keys and the admin token: what the daemon, its
 * forwarder, the tools and the client library share to speak CURVE and to tell an admin (docs/security.md).
 */
package ziggy.protocol.security;
