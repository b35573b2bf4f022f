package ziggy.daemon;

import java.util.Locale;

/** Sizes on the command line: a number of bytes, or one with a k, m, g or t suffix (powers of 1024). */
final class ByteSize {
    private ByteSize() {
    }

    /** @throws IllegalArgumentException with a one-line message naming {@code option} */
    static long parse(String text, String option) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!value.isEmpty()) {
            switch (value.charAt(value.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number <= 0 || number > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a size (bytes, or e.g. 512m, 20g)");
        }
    }
}
