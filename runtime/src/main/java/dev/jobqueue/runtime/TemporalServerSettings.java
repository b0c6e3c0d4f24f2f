package dev.jobqueue.runtime;

import dev.jobqueue.job.JobSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What jobqueue needs of a Temporal server, written once: the search attributes every job keeps,
 * and the dynamic configuration that turns on task-queue priority and per-tenant fairness. The dev
 * server, the cluster and the container stack all take them from here, in Java or through {@link
 * #main}, which the launcher runs.
 */
public final class TemporalServerSettings {
  /** Dynamic configuration keys and their values (JSON), in the order they are applied. */
  public static final Map<String, String> DYNAMIC_CONFIG = dynamicConfig();

  private TemporalServerSettings() {}

  private static Map<String, String> dynamicConfig() {
    var config = new LinkedHashMap<String, String>();
    // priority and fairness keys are honoured only by the new matcher
    config.put("matching.useNewMatcher", "true");
    config.put("matching.enableFairness", "true");
    return java.util.Collections.unmodifiableMap(config);
  }

  /** Each search attribute as the CLI names it: {@code JobType=Keyword}. */
  public static List<String> searchAttributes() {
    var out = new ArrayList<String>();
    JobSearchAttributes.registrations()
        .forEach((name, type) -> out.add(name + "=" + cliType(type)));
    return out;
  }

  /** The arguments of {@code temporal server start-dev} that apply these settings. */
  public static List<String> devServerArgs() {
    var args = new ArrayList<String>();
    searchAttributes().forEach(sa -> args.addAll(List.of("--search-attribute", sa)));
    DYNAMIC_CONFIG.forEach(
        (key, value) -> args.addAll(List.of("--dynamic-config-value", key + "=" + value)));
    return args;
  }

  /**
   * {@link #DYNAMIC_CONFIG} as a Temporal Server dynamic config file, for the cluster ({@code
   * deploy/temporal/dynamic-config.yaml} is this text, checked by the build).
   */
  public static String dynamicConfigYaml() {
    var out = new StringBuilder();
    out.append(
            "# Generated from dev.jobqueue.runtime.TemporalServerSettings, the settings the dev\n")
        .append("# server is started with; the build checks that they match. To regenerate:\n")
        .append("#   java -cp api-server/target/api-server.jar")
        .append(" dev.jobqueue.runtime.TemporalServerSettings dynamic-config-yaml\n");
    // each value is JSON, which YAML reads as the same value
    DYNAMIC_CONFIG.forEach(
        (key, value) -> out.append(key).append(":\n  - value: ").append(value).append('\n'));
    return out.toString();
  }

  /**
   * {@link #searchAttributes} as a file, one {@code Name=Type} a line after {@code #} comments: the
   * list the cluster's launcher and the container stack's registration job read ({@code
   * deploy/temporal/search-attributes} is this text, checked by the build).
   */
  public static String searchAttributesFile() {
    var out = new StringBuilder();
    out.append(
            "# Generated from dev.jobqueue.runtime.TemporalServerSettings, the search attributes\n")
        .append("# every job keeps; the build checks that they match. One Name=Type a line; to\n")
        .append("# regenerate:\n")
        .append("#   java -cp api-server/target/api-server.jar")
        .append(" dev.jobqueue.runtime.TemporalServerSettings search-attributes-file\n");
    searchAttributes().forEach(sa -> out.append(sa).append('\n'));
    return out.toString();
  }

  /** {@code INDEXED_VALUE_TYPE_DATETIME} is {@code Datetime} to the CLI. */
  static String cliType(IndexedValueType type) {
    String name = type.name().replace("INDEXED_VALUE_TYPE_", "");
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * Prints one setting per line, for scripts: {@code dev-server-args} (the start-dev arguments),
   * {@code search-attributes} ({@code Name=Type}), {@code dynamic-config} ({@code key=value}),
   * {@code dynamic-config-yaml} (the cluster's dynamic config file) or {@code
   * search-attributes-file} (the search-attribute list of the cluster and the container stack).
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    String what = args.length == 1 ? args[0] : "";
    switch (what) {
      case "dev-server-args" -> devServerArgs().forEach(out::println);
      case "search-attributes" -> searchAttributes().forEach(out::println);
      case "dynamic-config" -> DYNAMIC_CONFIG.forEach((k, v) -> out.println(k + "=" + v));
      case "dynamic-config-yaml" -> out.print(dynamicConfigYaml());
      case "search-attributes-file" -> out.print(searchAttributesFile());
      default -> {
        System.err.println(
            "usage: TemporalServerSettings dev-server-args|search-attributes|dynamic-config"
                + "|dynamic-config-yaml|search-attributes-file");
        System.exit(2);
      }
    }
  }
}
