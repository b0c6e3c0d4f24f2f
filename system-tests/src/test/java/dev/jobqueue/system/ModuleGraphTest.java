package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.testing.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The root README's table of which module may use which is what the poms declare: a dependency
 * added to a pom without the table changing (or the other way round) fails here.
 */
class ModuleGraphTest {
  private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");

  @Test
  void theReadmeTableIsWhatThePomsDeclare() throws Exception {
    Path root = Checkout.find().root();
    assertThat(declared(root)).isEqualTo(documented(root));
  }

  /** Each module's dependencies on our own modules, in any scope, from its pom. */
  private static Map<String, Set<String>> declared(Path root) throws Exception {
    var graph = new TreeMap<String, Set<String>>();
    var modules = parse(root.resolve("pom.xml")).getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      var uses = new TreeSet<String>();
      var deps = parse(root.resolve(module).resolve("pom.xml")).getElementsByTagName("dependency");
      for (int j = 0; j < deps.getLength(); j++) {
        var dep = (Element) deps.item(j);
        if ("dev.jobqueue".equals(text(dep, "groupId"))) {
          uses.add(text(dep, "artifactId"));
        }
      }
      graph.put(module, uses);
    }
    return graph;
  }

  /** The README's "| module | may use |" table: backquoted names on each side of the bar. */
  private static Map<String, Set<String>> documented(Path root) throws IOException {
    var graph = new TreeMap<String, Set<String>>();
    boolean inTable = false;
    for (String line : Files.readAllLines(root.resolve("README.md"))) {
      if (line.startsWith("| module | may use |")) {
        inTable = true;
        continue;
      }
      if (!inTable || line.startsWith("|---")) {
        continue;
      }
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      Set<String> uses = names(cells[2]);
      for (String module : names(cells[1])) {
        graph.put(module, uses);
      }
    }
    assertThat(graph).as("the README's module table").isNotEmpty();
    return graph;
  }

  private static Set<String> names(String cell) {
    var out = new TreeSet<String>();
    Matcher m = NAME.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static org.w3c.dom.Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String text(Element parent, String tag) {
    var nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
