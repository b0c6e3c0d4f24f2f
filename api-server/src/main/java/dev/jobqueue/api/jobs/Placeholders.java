package dev.jobqueue.api.jobs;

import dev.jobqueue.rules.Text;
import dev.jobqueue.template.CompiledTemplate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code {{name}}} placeholders of one template field, and how long the field comes out for one
 * recipient's vars. Whether a template is valid is decided by {@code CompiledTemplate.of}, the
 * parser the email workers render with; this reads the same syntax afterwards, only to measure, so
 * that the API refuses a recipient whose message the worker would refuse.
 */
final class Placeholders {
  /** The workers' own syntax: a template {@link CompiledTemplate#of} accepted matches it. */
  private static final Pattern PLACEHOLDER = CompiledTemplate.PLACEHOLDER;

  static final Placeholders NONE = new Placeholders(Map.of(), 0, 0);

  /** Each name and how often the field uses it. */
  private final Map<String, Integer> uses;

  private final long literalChars;
  private final long literalBytes;

  private Placeholders(Map<String, Integer> uses, long literalChars, long literalBytes) {
    this.uses = Collections.unmodifiableMap(uses);
    this.literalChars = literalChars;
    this.literalBytes = literalBytes;
  }

  /** The placeholders of {@code source}, which {@code compile()} has accepted; NONE for null. */
  static Placeholders of(String source) {
    if (source == null) {
      return NONE;
    }
    var uses = new LinkedHashMap<String, Integer>();
    var literals = new StringBuilder(source.length());
    var matcher = PLACEHOLDER.matcher(source);
    int from = 0;
    for (int open; (open = source.indexOf("{{", from)) >= 0; ) {
      if (!matcher.region(open, source.length()).lookingAt()) {
        throw new IllegalArgumentException("not a template compile() accepted: " + source);
      }
      literals.append(source, from, open);
      uses.merge(matcher.group(1), 1, Integer::sum);
      from = matcher.end();
    }
    literals.append(source, from, source.length());
    String text = literals.toString();
    return new Placeholders(uses, Text.length(text), Text.utf8Bytes(text));
  }

  Set<String> names() {
    return uses.keySet();
  }

  /** Characters (code points) of the field filled with {@code vars}, which hold every name. */
  long chars(Map<String, String> vars) {
    long total = literalChars;
    for (var use : uses.entrySet()) {
      total += (long) use.getValue() * Text.length(vars.get(use.getKey()));
    }
    return total;
  }

  /** UTF-8 bytes of the field filled with {@code vars}; HTML-escaped values in an HTML body. */
  long bytes(Map<String, String> vars, boolean html) {
    long total = literalBytes;
    for (var use : uses.entrySet()) {
      String value = vars.get(use.getKey());
      total += (long) use.getValue() * (Text.utf8Bytes(value) + (html ? escapeGrowth(value) : 0));
    }
    return total;
  }

  /** How many bytes the workers' HTML escaping adds to {@code value}. */
  private static long escapeGrowth(String value) {
    long growth = 0;
    for (int i = 0; i < value.length(); i++) {
      growth +=
          switch (value.charAt(i)) {
            case '&', '\'' -> 4; // &amp; &#39;
            case '<', '>' -> 3; // &lt; &gt;
            case '"' -> 5; // &quot;
            default -> 0;
          };
    }
    return growth;
  }
}
