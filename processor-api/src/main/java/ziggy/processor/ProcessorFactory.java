package ziggy.processor;

/**
 * Makes one kind of processor; found by {@link java.util.ServiceLoader}, so a plugin jar lists its
 * factories in {@code META-INF/services/ziggy.processor.ProcessorFactory}, one class name a line.
 * The class needs a public constructor without arguments.
 */
public interface ProcessorFactory {
    /** The name used in {@code --processor NAME:key=value,...}: lower case, digits and {@code -}. */
    String name();

    /**
     * Creates a processor from its options. Read every option the processor knows through
     * {@code options}; after this returns, the chain refuses any key that was not read. A bad value
     * throws {@link IllegalArgumentException} (see {@link ProcessorOptions#invalid}).
     */
    Processor create(ProcessorOptions options, ProcessorContext context);
}
