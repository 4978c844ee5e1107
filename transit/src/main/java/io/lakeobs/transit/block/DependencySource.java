package io.lakeobs.transit.block;

import org.agrona.MutableDirectBuffer;

/**
 * Where a block encoder finds the dependency objects its events refer to (call sites, static
 * strings, property sets), so each block carries exactly the ones it uses.
 */
@FunctionalInterface
public interface DependencySource {
    /**
     * Writes the whole dependency object with that id (type byte and framing included) at
     * {@code index}; the buffer expands as needed.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException when no dependency has that id
     */
    int write(int id, MutableDirectBuffer buffer, int index);
}
