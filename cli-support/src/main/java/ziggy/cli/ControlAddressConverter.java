package ziggy.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import ziggy.protocol.endpoint.BadEndpointException;
import ziggy.protocol.endpoint.Endpoint;

/**
 * A daemon's control port for {@code -H}: {@code HOST:PORT}, or a host alone for the control
 * port's default, 3513. A bad value is a usage error in one line.
 */
public final class ControlAddressConverter implements ITypeConverter<Endpoint> {
    public static final int DEFAULT_CONTROL_PORT = 3513;

    @Override
    public Endpoint convert(String value) {
        String text = value.indexOf(':') < 0 ? value + ":" + DEFAULT_CONTROL_PORT : value;
        try {
            return Endpoint.parse(text, "-H");
        } catch (BadEndpointException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
