"""CURVE for the benchmark's libzmq sockets, when ZIGGY_BENCH_CURVE names a folder of certificates
(server.key, server.key_secret, client.key, client.key_secret, as zmq.auth.create_certificates writes
them): a client socket speaks CURVE to the server's key with the client's pair, a server socket with
the server's pair. Without the variable, nothing changes.
"""
import os

import zmq.auth

FOLDER = os.environ.get('ZIGGY_BENCH_CURVE')


def _client_keys():
    """The server's public key, the client's public and secret keys (Z85 bytes)."""
    server_public, _ = zmq.auth.load_certificate(os.path.join(FOLDER, 'server.key'))
    public, secret = zmq.auth.load_certificate(os.path.join(FOLDER, 'client.key_secret'))
    return server_public, public, secret


def as_client(socket):
    if FOLDER:
        socket.curve_serverkey, socket.curve_publickey, socket.curve_secretkey = _client_keys()


def as_server(socket):
    if FOLDER:
        public, secret = zmq.auth.load_certificate(os.path.join(FOLDER, 'server.key_secret'))
        socket.curve_server = True
        socket.curve_publickey = public
        socket.curve_secretkey = secret


def client_keys():
    """The client's keys for the C sender's arguments: the server's public key, the client's public and
    secret keys, in Z85; nothing without the variable."""
    if not FOLDER:
        return []
    return [key.decode('ascii') for key in _client_keys()]


if __name__ == '__main__':
    print(' '.join(client_keys()))
