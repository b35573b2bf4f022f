package ziggy.zmtp;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Python peers the tests run through {@link ziggy.testing.PythonPeer}: libzmq sockets and hand-made ZMTP. */
final class PythonPeers {
    private PythonPeers() {
    }

    /**
     * A libzmq PUSH sender. argv: port, message file, connections, then options as name=value:
     * hb=ms sets ZMQ_HEARTBEAT_IVL, pause=s waits between the first message and the rest,
     * type=DEALER connects another socket type, mechanism=PLAIN|CURVE sets up that mechanism (CURVE with
     * a server key of its own, never the endpoint's), serverkey=, publickey=, secretkey= (Z85) speak
     * CURVE to the endpoint with those keys.
     * Message i goes out on connection i % connections. Unless linger=0, waits until each connection's
     * handshake has succeeded before closing (a socket closed mid-handshake drops its connection and
     * its queue, libzmq issue 3774), then lingers until all is sent.
     */
    static final String LIBZMQ_SENDER = """
            import struct, sys, time, zmq
            port, path, connections = sys.argv[1], sys.argv[2], int(sys.argv[3])
            opts = dict(a.split('=', 1) for a in sys.argv[4:])
            ctx = zmq.Context()
            sockets = []
            monitors = []
            for _ in range(connections):
                s = ctx.socket(getattr(zmq, opts.get('type', 'PUSH')))
                s.setsockopt(zmq.SNDHWM, 0)
                s.setsockopt(zmq.LINGER, int(opts.get('linger', '20000')))
                if 'hb' in opts:
                    s.setsockopt(zmq.HEARTBEAT_IVL, int(opts['hb']))
                    s.setsockopt(zmq.HEARTBEAT_TIMEOUT, 3 * int(opts['hb']))
                if opts.get('mechanism') == 'PLAIN':
                    s.plain_username = b'user'
                    s.plain_password = b'secret'
                elif opts.get('mechanism') == 'CURVE':
                    server_public, _ = zmq.curve_keypair()
                    public, secret = zmq.curve_keypair()
                    s.curve_serverkey = server_public
                    s.curve_publickey = public
                    s.curve_secretkey = secret
                if 'serverkey' in opts:
                    s.curve_serverkey = opts['serverkey'].encode()
                    s.curve_publickey = opts['publickey'].encode()
                    s.curve_secretkey = opts['secretkey'].encode()
                monitors.append(s.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED))
                s.connect('tcp://127.0.0.1:' + port)
                sockets.append(s)
            with open(path, 'rb') as f:
                data = f.read()
            (count,) = struct.unpack_from('>I', data, 0)
            p = 4
            for i in range(count):
                (frames,) = struct.unpack_from('>I', data, p)
                p += 4
                parts = []
                for _ in range(frames):
                    (n,) = struct.unpack_from('>I', data, p)
                    p += 4
                    parts.append(data[p:p + n])
                    p += n
                sockets[i % connections].send_multipart(parts, copy=False)
                if i == 0 and 'pause' in opts:
                    time.sleep(float(opts['pause']))
            if opts.get('linger') != '0':
                for m in monitors:
                    if not m.poll(10000):
                        sys.exit('no handshake within 10 s')
                    m.recv_multipart()
            for m in monitors:
                m.close(linger=0)
            for s in sockets:
                s.close()
            ctx.term()
            print('sent', count)
            """;

    /**
     * Short-lived libzmq senders, as a script or a cron job writes them: argv port, count. Each one
     * makes its own context, connects a PUSH socket, sends one message ("one-shot i") at once, without
     * waiting for the handshake, closes with a 2 s linger and terminates its context. (Without that
     * last step, pyzmq 24 can exit with the message still queued: about 1 in 20 is lost, whatever the
     * receiver does.)
     */
    static final String ONE_SHOT_SENDERS = """
            import sys, zmq
            port, count = sys.argv[1], int(sys.argv[2])
            for i in range(count):
                ctx = zmq.Context()
                s = ctx.socket(zmq.PUSH)
                s.connect('tcp://127.0.0.1:' + port)
                s.send(b'one-shot %d' % i)
                s.close(linger=2000)
                ctx.term()
            """;

    /**
     * A peer that speaks ZMTP by hand. argv: port, mode.
     * garbage: an HTTP request. zmtp1, zmtp2: a ZMTP 1.0 or 2.0 greeting. plain: a ZMTP 3.1 greeting asking
     * for the PLAIN mechanism. silent: nothing. For these it then
     * prints "eof" once the endpoint closes the connection. hangup: the signature, then it closes and prints "closed".
     * handshake30 / handshake31: greeting (minor 0 or 1), READY PUSH, PING with context "abc" (3.1 only),
     * three messages; prints the hex of every byte the endpoint sent (greeting, READY, PONG) and closes.
     * midframe: handshake, one message "complete", then 500 of a 1000-byte frame; prints "partial" and
     * waits to be killed, or with a third argument reads what it was sent and closes cleanly (FIN, not RST).
     * manypartial N: N connections, each sends its handshake and half of a 200-byte message; prints
     * "partial", waits for a line on stdin, sends the other halves, closes and prints "done".
     */
    static final String HAND_MADE_PEER = """
            import socket, struct, sys, time
            port, mode = int(sys.argv[1]), sys.argv[2]
            s = socket.create_connection(('127.0.0.1', port))
            def greeting(minor, mechanism=b'NULL'):
                return b'\\xff' + b'\\x00' * 8 + b'\\x7f' + bytes([3, minor]) + mechanism.ljust(20, b'\\x00') + b'\\x00' * 32
            def frame(flags, body):
                if len(body) < 256:
                    return bytes([flags, len(body)]) + body
                return bytes([flags | 2]) + struct.pack('>Q', len(body)) + body
            def command(name, data):
                return frame(4, bytes([len(name)]) + name + data)
            READY = command(b'READY', bytes([11]) + b'Socket-Type' + struct.pack('>I', 4) + b'PUSH')
            def until_eof():
                while s.recv(65536):
                    pass
                print('eof', flush=True)
            def recv_exactly(n):
                got = b''
                while len(got) < n:
                    chunk = s.recv(n - len(got))
                    if not chunk:
                        break
                    got += chunk
                return got
            if mode == 'garbage':
                s.sendall(b'GET / HTTP/1.1\\r\\nHost: ziggy\\r\\n\\r\\n')
                until_eof()
            elif mode == 'zmtp1':
                s.sendall(b'\\x01\\x00')
                until_eof()
            elif mode == 'zmtp2':
                s.sendall(b'\\xff' + struct.pack('>Q', 1) + b'\\x7f')
                s.sendall(b'\\x01\\x08' + b'\\x00\\x00')
                until_eof()
            elif mode == 'plain':
                s.sendall(greeting(1, b'PLAIN'))
                until_eof()
            elif mode == 'silent':
                until_eof()
            elif mode == 'hangup':
                s.sendall(b'\\xff' + b'\\x00' * 8 + b'\\x7f')
                s.close()
                print('closed', flush=True)
            elif mode in ('handshake30', 'handshake31'):
                minor = 0 if mode == 'handshake30' else 1
                s.sendall(greeting(minor) + READY)
                expected = 64 + 28
                if minor == 1:
                    s.sendall(command(b'PING', struct.pack('>H', 100) + b'abc'))
                    expected += 2 + 5 + 3
                s.sendall(frame(0, b'one') + frame(1, b'two-a') + frame(0, b'x' * 300) + frame(0, b''))
                print(recv_exactly(expected).hex(), flush=True)
                s.close()
            elif mode == 'manypartial':
                sockets = [s] + [socket.create_connection(('127.0.0.1', port)) for _ in range(int(sys.argv[3]) - 1)]
                frames = [frame(0, (b'%05d' % i) * 40) for i in range(len(sockets))]
                for c, f in zip(sockets, frames):
                    c.sendall(greeting(1) + READY + f[:102])
                print('partial', flush=True)
                sys.stdin.readline()
                for c, f in zip(sockets, frames):
                    c.sendall(f[102:])
                for c in sockets:
                    c.close()
                print('done', flush=True)
            elif mode == 'midframe':
                s.sendall(greeting(1) + READY + frame(0, b'complete'))
                if len(sys.argv) > 3:
                    recv_exactly(64 + 28)
                s.sendall(bytes([2]) + struct.pack('>Q', 1000) + b'p' * 500)
                print('partial', flush=True)
                if len(sys.argv) > 3:
                    s.close()
                else:
                    time.sleep(60)
            """;

    /** Writes messages as the sender reads them: count, then per message its frames, each length-prefixed. */
    static Path messageFile(Path folder, List<List<byte[]>> messages) {
        Path file = folder.resolve("messages.bin");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(messages.size());
            for (List<byte[]> message : messages) {
                out.writeInt(message.size());
                for (byte[] frame : message) {
                    out.writeInt(frame.length);
                    out.write(frame);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
