package dev.jobqueue.api.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.report.ReportRow;
import dev.jobqueue.report.SampleData;

/**
 * How the API reads and writes JSON. Strict on the way in, because whatever Jackson quietly coerces
 * ({@code "3"} into 3, {@code 3.7} into 3, a second {@code "to"} over the first) is a request the
 * client did not mean; ISO-8601 strings for instants on the way out.
 */
public final class ApiJson {
  private ApiJson() {}

  @JsonIgnoreProperties(ignoreUnknown = false)
  private interface StrictRecord {}

  public static ObjectMapper configure(ObjectMapper mapper) {
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // the contracts' records are the payloads' wire types too; they ignore unknown fields so that
    // an old worker survives a new one, but a client's unknown field is a mistake to name
    mapper.addMixIn(EmailMessage.class, StrictRecord.class);
    mapper.addMixIn(MessageTemplate.class, StrictRecord.class);
    mapper.addMixIn(ReportRow.class, StrictRecord.class);
    mapper.addMixIn(SampleData.class, StrictRecord.class);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    // JSON Schema's integer is a mathematical one: 3.0 is an integer, 3.5 is not
    mapper.setNodeFactory(IntegralFloats.FACTORY);
    mapper.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    for (var scalar :
        new CoercionInputShape[] {
          CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    for (var numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      mapper
          .coercionConfigFor(numeric)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
      mapper
          .coercionConfigFor(numeric)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    return mapper;
  }
}
