package ziggy.storage.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a scenario once to count its write points, then once per point and {@link FaultyFileIo.Fault},
 * failing that point; the scenario checks its own invariants after reopening on the real file system.
 */
public final class FaultSweep {
    /** One run of the scenario, in a folder of its own, over {@code io}. */
    public interface Scenario {
        void run(String runName, FaultyFileIo io) throws Exception;
    }

    private FaultSweep() {
    }

    /** Sweeps every point of {@code scenario}; fails naming the fault and point that broke an invariant. */
    public static void everyPoint(int minimumPoints, Scenario scenario) throws Exception {
        FaultyFileIo counting = FaultyFileIo.counting();
        scenario.run("dry", counting);
        long points = counting.points();
        assertTrue(points >= minimumPoints, "a life of " + points + " write points is too short to sweep");
        for (FaultyFileIo.Fault fault : FaultyFileIo.Fault.values()) {
            for (long point = 0; point < points; point++) {
                try {
                    scenario.run(fault + "-" + point, FaultyFileIo.failing(fault, point));
                } catch (Exception | AssertionError e) {
                    throw new AssertionError(fault + " at write point " + point + " of " + points + ": " + e, e);
                }
            }
        }
    }
}
