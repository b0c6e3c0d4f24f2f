package dev.jobqueue.api.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hand-written OpenAPI document of this API. Public: a client needs it before it has a key.
 * Parsed once at start-up, so a broken document stops the server rather than a client.
 */
@Path("/v1/openapi.json")
public final class OpenApiResource {
  static final String DOCUMENT = "/dev/jobqueue/api/openapi.json";

  private final byte[] document;

  public OpenApiResource(ObjectMapper mapper) {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
      }
      this.document = mapper.writeValueAsBytes(mapper.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DOCUMENT, e);
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] document() {
    return document.clone();
  }
}
