package ziggy.client;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Arithmetic for {@code add}: whole numbers stay whole (a long) until they would overflow, then a double. */
final class Numbers {
    private Numbers() {
    }

    static boolean isWhole(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof AtomicInteger || n instanceof AtomicLong || n instanceof LongAdder
                || (n instanceof BigInteger big && big.bitLength() < 64);
    }

    static Number sum(Number a, Number b) {
        if (isWhole(a) && isWhole(b)) {
            long x = a.longValue();
            long y = b.longValue();
            long r = x + y;
            // Overflow iff both operands have the sign opposite to the result (Hacker's Delight 2-13).
            if (((x ^ r) & (y ^ r)) >= 0) {
                return r;
            }
        }
        return a.doubleValue() + b.doubleValue();
    }
}
