package ziggy.storage.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The age STATUS shows for the oldest unacknowledged event. */
class OldestEventAgeTest {
    @Test
    void theAgeIsThatOfTheFirstWriteHoldingAnUnacknowledgedSeq() {
        OldestEventAge age = new OldestEventAge();
        age.written(10, 1_000);
        age.written(20, 2_000);
        age.written(30, 3_000);

        assertEquals(4_000, age.millis(0, 5_000));
        age.acknowledged(10);
        assertEquals(3_000, age.millis(10, 5_000), "seq 11 was written with the write at 2,000 ms");
        age.acknowledged(30);
        assertEquals(0, age.millis(30, 5_000), "nothing unacknowledged");
    }

    @Test
    void writesCloserThanASampleApartShareOneSample() {
        OldestEventAge age = new OldestEventAge();
        age.written(1, 1_000);
        age.written(2, 1_050);
        age.acknowledged(1);

        assertEquals(1_000, age.millis(1, 2_000), "seq 2 counts from the sample's first write: an overestimate, never an under");
    }
}
