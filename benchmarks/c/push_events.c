/*
 * The benchmark's reference sender: one libzmq PUSH socket sending pre-encoded Ziggy events as fast as
 * libzmq takes them, with nothing per event but zmq_send.
 *
 *     push_events PORT EVENTS FRAMES_FILE [SERVER_KEY PUBLIC_KEY SECRET_KEY]
 *
 * FRAMES_FILE holds BSON documents back to back (push_events.py --write-frames encodes them with pymongo's
 * bson); they are sent in order, over and over, until EVENTS were sent. With the three Z85 keys the socket
 * is a CURVE client of SERVER_KEY. SNDHWM 0 so nothing is dropped at the sender; prints the sender's own rate.
 *
 * Why C: a pyzmq sender spends about a microsecond of Python per send, a core at 1 M events/s, which on two
 * cores is the core the receiver it feeds needs; the libzmq receiver beside the daemons then stayed under
 * 0.9 M events/s in most runs and the ratios were against the sender, not libzmq.
 *
 * Debian ships libzmq5 with python3-zmq but its header only in libzmq3-dev, so the few calls used are
 * declared here; their signatures and these option numbers are libzmq's stable ABI since 4.0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void *zmq_ctx_new(void);
int zmq_ctx_term(void *context);
void *zmq_socket(void *context, int type);
int zmq_close(void *socket);
int zmq_setsockopt(void *socket, int option, const void *value, size_t length);
int zmq_connect(void *socket, const char *endpoint);
int zmq_send(void *socket, const void *buffer, size_t length, int flags);
int zmq_recv(void *socket, void *buffer, size_t length, int flags);
int zmq_getsockopt(void *socket, int option, void *value, size_t *length);
int zmq_socket_monitor(void *socket, const char *endpoint, int events);
int zmq_errno(void);
const char *zmq_strerror(int error);

enum {
    ZMQ_PAIR = 0,
    ZMQ_PUSH = 8,
    ZMQ_LINGER = 17,
    ZMQ_SNDHWM = 23,
    ZMQ_CURVE_PUBLICKEY = 48,
    ZMQ_CURVE_SECRETKEY = 49,
    ZMQ_CURVE_SERVERKEY = 50,
    ZMQ_RCVMORE = 13,
    ZMQ_EVENT_HANDSHAKE_SUCCEEDED = 0x1000
};

struct frames {
    unsigned char *bytes;
    size_t *offsets;
    size_t *lengths;
    size_t count;
};

static void fail(const char *what) {
    fprintf(stderr, "push_events: %s: %s\n", what, zmq_strerror(zmq_errno()));
    exit(1);
}

static uint32_t little_endian_int(const unsigned char *at) {
    return (uint32_t) at[0] | (uint32_t) at[1] << 8 | (uint32_t) at[2] << 16 | (uint32_t) at[3] << 24;
}

/* Reads the whole file and cuts it at each document's own length prefix. */
static struct frames read_frames(const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        exit(1);
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    struct frames frames = {malloc(size), malloc(sizeof(size_t) * size / 5 + 1), malloc(sizeof(size_t) * size / 5 + 1), 0};
    if (fread(frames.bytes, 1, size, file) != (size_t) size) {
        fprintf(stderr, "push_events: could not read %s\n", path);
        exit(1);
    }
    fclose(file);
    for (size_t at = 0; at < (size_t) size;) {
        uint32_t length = size - at >= 4 ? little_endian_int(frames.bytes + at) : 0;
        if (length < 5 || length > (size_t) size - at) {
            fprintf(stderr, "push_events: %s is not BSON documents back to back (at byte %zu)\n", path, at);
            exit(1);
        }
        frames.offsets[frames.count] = at;
        frames.lengths[frames.count++] = length;
        at += length;
    }
    if (frames.count == 0) {
        fprintf(stderr, "push_events: %s holds no documents\n", path);
        exit(1);
    }
    return frames;
}

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 7) {
        fprintf(stderr, "usage: push_events PORT EVENTS FRAMES_FILE [SERVER_KEY PUBLIC_KEY SECRET_KEY]\n");
        return 2;
    }
    long count = atol(argv[2]);
    struct frames frames = read_frames(argv[3]);

    void *context = zmq_ctx_new();
    void *push = zmq_socket(context, ZMQ_PUSH);
    int unlimited = 0, wait_forever = -1;
    if (zmq_setsockopt(push, ZMQ_SNDHWM, &unlimited, sizeof unlimited) != 0
        || zmq_setsockopt(push, ZMQ_LINGER, &wait_forever, sizeof wait_forever) != 0) {
        fail("setsockopt");
    }
    if (argc == 7 && (zmq_setsockopt(push, ZMQ_CURVE_SERVERKEY, argv[4], 40) != 0
                      || zmq_setsockopt(push, ZMQ_CURVE_PUBLICKEY, argv[5], 40) != 0
                      || zmq_setsockopt(push, ZMQ_CURVE_SECRETKEY, argv[6], 40) != 0)) {
        fail("CURVE keys");
    }
    /* Closing before the handshake has ended drops the queued events (libzmq issue 3774): watch for it. The
       monitor's PAIR is connected before the PUSH connects, so that the event cannot be missed. */
    if (zmq_socket_monitor(push, "inproc://push-events-monitor", ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0) {
        fail("monitor");
    }
    void *monitor = zmq_socket(context, ZMQ_PAIR);
    if (zmq_connect(monitor, "inproc://push-events-monitor") != 0) {
        fail("monitor connect");
    }
    char endpoint[64];
    snprintf(endpoint, sizeof endpoint, "tcp://127.0.0.1:%s", argv[1]);
    if (zmq_connect(push, endpoint) != 0) {
        fail(endpoint);
    }

    double started = seconds();
    size_t next = 0;
    for (long sent = 0; sent < count; sent++) {
        if (zmq_send(push, frames.bytes + frames.offsets[next], frames.lengths[next], 0) < 0) {
            fail("send");
        }
        if (++next == frames.count) {
            next = 0;
        }
    }
    double elapsed = seconds() - started;

    unsigned char event[64];
    int more = 1;
    while (more) { /* the event frame, then its endpoint */
        if (zmq_recv(monitor, event, sizeof event, 0) < 0) {
            fail("monitor receive");
        }
        size_t more_size = sizeof more;
        more = 0;
        zmq_getsockopt(monitor, ZMQ_RCVMORE, &more, &more_size);
    }
    zmq_close(monitor);
    zmq_close(push);
    zmq_ctx_term(context);
    printf("sender: %ld events in %.2f s, %.0f/s\n", count, elapsed, count / elapsed);
    return 0;
}
