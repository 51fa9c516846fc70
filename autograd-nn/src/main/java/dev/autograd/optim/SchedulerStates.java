package dev.autograd.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reading a scheduler's state dict back: each value is checked for presence and type before
 * anything changes, and each setting against the scheduler's own, with messages that name the
 * scheduler and the key.
 */
final class SchedulerStates {
  private SchedulerStates() {}

  /** The value under {@code key}, which must be there. */
  private static Object value(String who, Map<String, Object> dict, String key) {
    if (!dict.containsKey(key)) {
      throw new IllegalArgumentException(
          who + ".loadStateDict: the state dict has no \"" + key + "\"; got " + dict.keySet());
    }
    return dict.get(key);
  }

  private static IllegalArgumentException wrongType(String who, String key, Object v, String what) {
    return new IllegalArgumentException(
        who + ".loadStateDict: \"" + key + "\" must be " + what + ", got " + describe(v));
  }

  private static String describe(Object v) {
    return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
  }

  /** Whether {@code v} is an integer (Integer, Long, Short or Byte) of at least 0. */
  static boolean isNonNegativeInteger(Object v) {
    return (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
        && ((Number) v).longValue() >= 0;
  }

  /** An integer (Integer, Long, Short or Byte) of at least 0 under {@code key}. */
  static int count(String who, Map<String, Object> dict, String key) {
    Object v = value(who, dict, key);
    if (!isNonNegativeInteger(v) || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw wrongType(who, key, v, "an integer of at least 0");
    }
    return ((Number) v).intValue();
  }

  /** A number under {@code key}. */
  static double number(String who, Map<String, Object> dict, String key) {
    Object v = value(who, dict, key);
    if (!(v instanceof Number)) throw wrongType(who, key, v, "a number");
    return ((Number) v).doubleValue();
  }

  /** A list of {@code groups} numbers under {@code key}, one per parameter group. */
  static List<Double> perGroup(String who, Map<String, Object> dict, String key, int groups) {
    Object v = value(who, dict, key);
    boolean numbers = v instanceof List && ((List<?>) v).size() == groups;
    for (int i = 0; numbers && i < groups; i++) numbers = ((List<?>) v).get(i) instanceof Number;
    if (!numbers) {
      throw new IllegalArgumentException(
          who
              + ".loadStateDict: \""
              + key
              + "\" must be a list of "
              + groups
              + " numbers, one per parameter group, got "
              + describe(v));
    }
    List<Double> out = new ArrayList<>(groups);
    for (Object e : (List<?>) v) out.add(((Number) e).doubleValue());
    return Collections.unmodifiableList(out);
  }

  /**
   * Checks that every setting of the scheduler is in the dict with the same value (numbers compared
   * by value, so 30 and 30L agree): a state is only meaningful for the schedule it was taken from,
   * and a scheduler's settings are fixed when it is built.
   */
  static void sameSettings(String who, Map<String, Object> dict, Map<String, Object> settings) {
    for (Map.Entry<String, Object> setting : settings.entrySet()) {
      Object saved = value(who, dict, setting.getKey());
      if (!sameValue(saved, setting.getValue())) {
        throw new IllegalArgumentException(
            who
                + ".loadStateDict: the state was saved with "
                + setting.getKey()
                + " = "
                + saved
                + ", this scheduler has "
                + setting.getValue()
                + "; build the scheduler with the saved settings");
      }
    }
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()) == 0;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        if (!sameValue(x.get(i), y.get(i))) return false;
      }
      return true;
    }
    return a != null && a.equals(b);
  }
}
