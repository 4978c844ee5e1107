package io.lakeobs.transit.block;

/** Receives each event of a block, in order, as a flyweight; nothing is allocated per event. */
@FunctionalInterface
public interface ObjectHandler {
    void onObject(ObjectView object);
}
