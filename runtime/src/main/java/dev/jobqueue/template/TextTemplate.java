package dev.jobqueue.template;

import dev.jobqueue.rules.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One field of a template, split once into literal text and placeholder names. Rendering only ever
 * inserts values: a value is never parsed again, so a value holding {@code {{x}}} comes out as
 * written and cannot reach another variable.
 */
final class TextTemplate {
  /** Where a field's value ends up, which decides what a value may hold. */
  enum Context {
    /** A header (the subject): a line break in a value would start a new header. */
    HEADER,
    TEXT,
    /** An HTML body: values are escaped so that a name cannot inject markup. */
    HTML
  }

  private final String field;
  private final Context context;
  private final String[] literals;
  private final String[] names;

  private TextTemplate(String field, Context context, List<String> literals, List<String> names) {
    this.field = field;
    this.context = context;
    this.literals = literals.toArray(String[]::new);
    this.names = names.toArray(String[]::new);
  }

  /**
   * @throws IllegalArgumentException if a {@code {{} does not open a valid placeholder
   */
  static TextTemplate parse(String field, String source, Context context) {
    var literals = new ArrayList<String>();
    var names = new ArrayList<String>();
    var matcher = CompiledTemplate.PLACEHOLDER.matcher(source);
    int from = 0;
    for (int open; (open = source.indexOf("{{", from)) >= 0; ) {
      if (!matcher.region(open, source.length()).lookingAt()) {
        throw new IllegalArgumentException(
            field
                + ": malformed placeholder at character "
                + open
                + " (expected {{name}} with letters, digits, '_', '.' or '-')");
      }
      literals.add(source.substring(from, open));
      names.add(matcher.group(1));
      from = matcher.end();
    }
    literals.add(source.substring(from));
    return new TextTemplate(field, context, literals, names);
  }

  String render(Map<String, String> vars) throws InvalidItemException {
    if (names.length == 0) {
      return literals[0];
    }
    var out = new StringBuilder(literals[0].length() * 2);
    out.append(literals[0]);
    for (int i = 0; i < names.length; i++) {
      String value = vars.get(names[i]);
      if (value == null) {
        throw new InvalidItemException(
            "vars." + names[i], "has no value, and the " + field + " uses it");
      }
      append(out, names[i], value);
      out.append(literals[i + 1]);
    }
    return out.toString();
  }

  private void append(StringBuilder out, String name, String value) throws InvalidItemException {
    switch (context) {
      case TEXT -> out.append(value);
      case HEADER -> {
        if (Text.hasControlCharacters(value)) {
          throw new InvalidItemException(
              "vars." + name,
              "is used in the "
                  + field
                  + " and must not contain line breaks or control characters");
        }
        out.append(value);
      }
      case HTML -> escapeHtml(out, value);
    }
  }

  private static void escapeHtml(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }
}
