package ziggy.bench.load;

import java.util.ArrayList;
import java.util.List;
import ziggy.protocol.event.TypeNames;

/**
 * Which event types are sent, and in what proportion: {@code request:4,request.sql:1} sends four
 * requests for each SQL event, in a repeating order. Parsed from the {@code --types} option.
 */
public final class TypeMix {
    private final List<String> slots;

    private TypeMix(List<String> slots) {
        this.slots = List.copyOf(slots);
    }

    /** {@code NAME[:WEIGHT],...}; weights are 1 to 100. */
    public static TypeMix parse(String text) {
        List<String> slots = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] nameAndWeight = part.trim().split(":", 2);
            String name = nameAndWeight[0];
            if (!TypeNames.isValid(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a valid event type");
            }
            int weight;
            try {
                weight = nameAndWeight.length == 2 ? Integer.parseInt(nameAndWeight[1]) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + name + " is not a number: " + nameAndWeight[1]);
            }
            if (weight < 1 || weight > 100) {
                throw new IllegalArgumentException("the weight of " + name + " must be 1 to 100: " + weight);
            }
            for (int i = 0; i < weight; i++) {
                slots.add(name);
            }
        }
        return new TypeMix(slots);
    }

    public int slots() {
        return slots.size();
    }

    public String typeAt(int slot) {
        return slots.get(slot);
    }
}
