package dev.jobqueue.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The tenant console: a page and its own scripts and styles, all served from this jar, so it works
 * offline and loads nothing from elsewhere. The page itself is public; everything it shows comes
 * from the API's own endpoints, which it calls with the key the user signs in with, so a tenant
 * sees exactly what its key may read and nothing more. Every file is read once at start-up.
 */
@Path("/console")
public final class ConsoleResource {
  private static final String OWN = "/dev/jobqueue/api/console/";

  /**
   * Scripts and styles from here only (no inline script, no inline style), the API called from
   * here, downloads of results made in the page; nothing may frame it.
   */
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private static final String JS = "text/javascript; charset=UTF-8";

  private record Asset(byte[] bytes, String type) {}

  private final Asset page;
  private final Map<String, Asset> assets;

  public ConsoleResource() {
    page = new Asset(read("index.html"), "text/html; charset=UTF-8");
    assets =
        Map.of(
            "console.js", new Asset(read("console.js"), JS),
            "api.js", new Asset(read("api.js"), JS),
            "charts.js", new Asset(read("charts.js"), JS),
            "console.css", new Asset(read("console.css"), "text/css; charset=UTF-8"),
            "favicon.svg", new Asset(read("favicon.svg"), "image/svg+xml"));
  }

  @GET
  public Response page() {
    return answer(page)
        .header("Content-Security-Policy", POLICY)
        .header("Cache-Control", "no-cache")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  @GET
  @Path("{file}")
  public Response asset(@PathParam("file") String file) {
    Asset asset = assets.get(file);
    if (asset == null) {
      throw new NotFoundException("no such file in the console: " + file);
    }
    return answer(asset).header("Cache-Control", "no-cache").build();
  }

  private static Response.ResponseBuilder answer(Asset asset) {
    return Response.ok(asset.bytes().clone(), asset.type())
        .header("X-Content-Type-Options", "nosniff");
  }

  private static byte[] read(String name) {
    String resource = OWN + name;
    try (InputStream in = ConsoleResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
