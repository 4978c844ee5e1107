package io.lakeobs.protocol;

import java.util.List;

/** Response to a presign call: one upload per requested block, in request order. */
public record PresignResponse(List<PresignedUpload> uploads) {
    public PresignResponse {
        uploads = uploads == null ? List.of() : List.copyOf(uploads);
    }
}
