package ziggy.daemon.forwarding;

import ziggy.testing.FreePort;
import ziggy.testing.PythonPeer;

/**
 * An original Ziggy daemon as seen from an agent, in pyzmq: a PULL collect port that takes single-frame
 * events and a REP control port that knows no COMMITTED. It prints "ready", then, once it has {@code n}
 * events, the number of distinct ids and of messages that were not a single frame, and serves on until killed.
 */
final class OriginalZiggyUpstream {
    private static final String SCRIPT = """
            import sys, zmq, bson
            collect, control, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
            context = zmq.Context()
            pull = context.socket(zmq.PULL)
            pull.bind('tcp://127.0.0.1:' + collect)
            rep = context.socket(zmq.REP)
            rep.bind('tcp://127.0.0.1:' + control)
            poller = zmq.Poller()
            poller.register(pull, zmq.POLLIN)
            poller.register(rep, zmq.POLLIN)
            print('ready', flush=True)
            ids, multipart, taken = set(), 0, 0
            while True:
                for socket, _ in poller.poll(1000):
                    if socket is rep:
                        rep.recv()
                        rep.send(bson.encode({'error': 'Unknown Command'}))
                    else:
                        frames = pull.recv_multipart()
                        if len(frames) != 1:
                            multipart += 1
                            continue
                        ids.add(bson.decode(frames[0])['id'])
                        taken += 1
                        if taken == expected:
                            print(len(ids), multipart, flush=True)
            """;

    final int collectPort = FreePort.pick();
    final int controlPort = FreePort.pick();

    Process start(int expectedEvents) {
        return PythonPeer.start(SCRIPT, String.valueOf(collectPort), String.valueOf(controlPort), String.valueOf(expectedEvents));
    }
}
