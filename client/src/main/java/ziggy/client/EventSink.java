package ziggy.client;

/** Where encoded events go: the network sender or an application's recorder. */
interface EventSink {
    /** Takes one event's BSON bytes; never blocks for long and never throws. */
    void accept(byte[] event);

    /** Events accepted but not yet sent. */
    long queued();

    /** Sends what is pending, waiting at most the sink's close timeout, then releases everything. */
    void close();
}
