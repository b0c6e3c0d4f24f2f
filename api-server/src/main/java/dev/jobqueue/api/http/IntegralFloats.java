package dev.jobqueue.api.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;

/**
 * Reads a JSON number written with a fraction or exponent that is a whole number ({@code 3.0},
 * {@code 1e2}) as the integer it is, as JSON Schema does: a field that takes an integer takes it,
 * and one that takes a number gets the same value. Numbers with a real fraction stay what they are,
 * and are refused where an integer is wanted.
 */
final class IntegralFloats extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;

  /** Beyond 2^53 a double is integral whatever was written, so it is left as it is. */
  private static final double EXACT = 0x1p53;

  private static final BigDecimal BIG_EXACT = BigDecimal.valueOf(EXACT);

  static final IntegralFloats FACTORY = new IntegralFloats();

  private IntegralFloats() {
    super(false);
  }

  @Override
  public NumericNode numberNode(double v) {
    return isWhole(v) ? whole((long) v) : super.numberNode(v);
  }

  @Override
  public NumericNode numberNode(float v) {
    return isWhole(v) ? whole((long) v) : super.numberNode(v);
  }

  @Override
  public ValueNode numberNode(BigDecimal v) {
    if (v != null && v.signum() == 0) {
      return whole(0L);
    }
    if (v != null && v.stripTrailingZeros().scale() <= 0 && v.abs().compareTo(BIG_EXACT) < 0) {
      return whole(v.longValueExact());
    }
    return super.numberNode(v);
  }

  private NumericNode whole(long v) {
    return v == (int) v ? numberNode((int) v) : numberNode(v);
  }

  private static boolean isWhole(double v) {
    return Math.abs(v) < EXACT && v == Math.rint(v);
  }
}
