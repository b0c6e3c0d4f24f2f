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
import java.util.Properties;

/**
 * The API reference: Swagger UI over {@code /v1/openapi.json}, its scripts and styles served from
 * this jar (the swagger-ui webjar), so the page works offline and loads nothing from elsewhere.
 * Public, like the document it shows. Every file is read once at start-up: a missing one stops the
 * server rather than a reader.
 */
@Path("/v1/docs")
public final class DocsResource {
  private static final String OWN = "/dev/jobqueue/api/docs/";
  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String WEBJAR_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

  /**
   * Only what the page loads, and nothing else from the page's origin: scripts and styles from
   * here, pictures inlined in the stylesheet, the document fetched from here.
   */
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action"
          + " 'none'";

  private record Asset(byte[] bytes, String type) {}

  private final Asset page;
  private final Map<String, Asset> assets;

  public DocsResource() {
    String webjar = "/" + WEBJAR + webjarVersion() + "/";
    page = new Asset(read(OWN + "index.html"), "text/html; charset=UTF-8");
    assets =
        Map.of(
            "reference.js",
            new Asset(read(OWN + "reference.js"), "text/javascript; charset=UTF-8"),
            "swagger-ui-bundle.js",
            new Asset(read(webjar + "swagger-ui-bundle.js"), "text/javascript; charset=UTF-8"),
            "swagger-ui.css",
            new Asset(read(webjar + "swagger-ui.css"), "text/css; charset=UTF-8"),
            "favicon-32x32.png",
            new Asset(read(webjar + "favicon-32x32.png"), "image/png"));
  }

  @GET
  public Response page() {
    return answer(page).header("Content-Security-Policy", POLICY).build();
  }

  @GET
  @Path("{file}")
  public Response asset(@PathParam("file") String file) {
    Asset asset = assets.get(file);
    if (asset == null) {
      throw new NotFoundException("no such file in the API reference: " + file);
    }
    return answer(asset).header("Cache-Control", "public, max-age=3600").build();
  }

  private static Response.ResponseBuilder answer(Asset asset) {
    return Response.ok(asset.bytes().clone(), asset.type())
        .header("X-Content-Type-Options", "nosniff");
  }

  /** The webjar's version, from its own jar: the root pom is the one place that names it. */
  private static String webjarVersion() {
    var properties = new Properties();
    try (InputStream in = DocsResource.class.getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IllegalStateException(WEBJAR_POM + " is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = DocsResource.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
