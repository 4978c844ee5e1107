package io.lakeobs.protocol;

import java.util.UUID;

/**
 * Response to a process or stream registration (HTTP 201 when created, 200 when it already existed
 * with the same content).
 *
 * @param id the process or stream id
 * @param created true on first registration, false on a repeat
 */
public record RegisterResponse(UUID id, boolean created) {
}
