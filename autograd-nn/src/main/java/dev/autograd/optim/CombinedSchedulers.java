package dev.autograd.optim;

import dev.autograd.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link SequentialLR} and {@link ChainedScheduler} share: their list of schedulers, and the
 * saving and loading of those schedulers' state dicts, which their own state dicts hold under
 * {@code "schedulers"} as PyTorch's hold them under {@code "_schedulers"}.
 */
final class CombinedSchedulers {
  /** The key of the held schedulers' state dicts, in their order. */
  static final String SCHEDULERS = "schedulers";

  private CombinedSchedulers() {}

  /** An unmodifiable copy of {@code schedulers}, which must not be null nor hold null. */
  static <S extends EpochScheduler> List<S> copy(String who, List<S> schedulers) {
    return List.copyOf(Arguments.requireNoNulls(who, "schedulers", schedulers));
  }

  /**
   * A combined scheduler's state dict: its own entries, in their order, then the held schedulers'
   * state dicts under {@code "schedulers"}.
   */
  static Map<String, Object> stateDict(
      Map<String, Object> own, List<? extends EpochScheduler> schedulers) {
    Map<String, Object> dict = new LinkedHashMap<>(own);
    dict.put(SCHEDULERS, states(schedulers));
    return Collections.unmodifiableMap(dict);
  }

  /**
   * The {@code "lastLr"} of a combined scheduler's state dict, checked first, since it changes
   * nothing: one number per group of {@code optimizer}.
   */
  static List<Double> lastLr(String who, Map<String, Object> stateDict, Optimizer optimizer) {
    Arguments.requireNonNull(who + ".loadStateDict", "stateDict", stateDict);
    return SchedulerStates.perGroup(who, stateDict, "lastLr", optimizer.paramGroups().size());
  }

  /**
   * Refuses a scheduler of another optimizer than {@code optimizer} with PyTorch's message, which
   * names its index {@code i} as {@code before + i + after}.
   */
  static void requireOptimizer(
      String who,
      List<? extends EpochScheduler> schedulers,
      Optimizer optimizer,
      String before,
      String after) {
    for (int i = 0; i < schedulers.size(); i++) {
      if (schedulers.get(i).optimizer() != optimizer) {
        throw new IllegalArgumentException(
            who
                + ": expects all schedulers to belong to the same optimizer, but got schedulers at"
                + " index "
                + before
                + i
                + after);
      }
    }
  }

  /** The state dict of each scheduler, in order. */
  static List<Map<String, Object>> states(List<? extends EpochScheduler> schedulers) {
    List<Map<String, Object>> states = new ArrayList<>(schedulers.size());
    for (EpochScheduler s : schedulers) states.add(s.stateDict());
    return Collections.unmodifiableList(states);
  }

  /**
   * Loads the state dicts saved under {@code "schedulers"} into {@code schedulers}, in order, then
   * runs {@code loadOwn}, which must not fail. If the list does not fit, or one scheduler refuses
   * its state, the schedulers already loaded get their previous states back, so nothing is changed.
   *
   * @throws IllegalArgumentException naming {@code who}, the key and the index of the refused state
   */
  static void load(
      String who,
      Map<String, Object> stateDict,
      List<? extends EpochScheduler> schedulers,
      Runnable loadOwn) {
    if (!stateDict.containsKey(SCHEDULERS)) {
      throw new IllegalArgumentException(
          who
              + ".loadStateDict: the state dict has no \""
              + SCHEDULERS
              + "\"; got "
              + stateDict.keySet());
    }
    Object saved = stateDict.get(SCHEDULERS);
    if (!(saved instanceof List) || ((List<?>) saved).size() != schedulers.size()) {
      throw new IllegalArgumentException(
          who
              + ".loadStateDict: \""
              + SCHEDULERS
              + "\" must be a list of "
              + schedulers.size()
              + " state dicts, one per scheduler, got "
              + saved);
    }
    List<?> states = (List<?>) saved;
    for (int i = 0; i < schedulers.size(); i++) {
      if (!(states.get(i) instanceof Map)) {
        throw new IllegalArgumentException(
            who
                + ".loadStateDict: \""
                + SCHEDULERS
                + "\"["
                + i
                + "] must be a state dict, got "
                + states.get(i));
      }
    }
    List<Map<String, Object>> before = states(schedulers);
    for (int i = 0; i < schedulers.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> state = (Map<String, Object>) states.get(i);
      try {
        schedulers.get(i).loadStateDict(state);
      } catch (IllegalArgumentException e) {
        for (int j = 0; j < i; j++) schedulers.get(j).loadStateDict(before.get(j));
        throw new IllegalArgumentException(
            who + ".loadStateDict: \"" + SCHEDULERS + "\"[" + i + "]: " + e.getMessage(), e);
      }
    }
    loadOwn.run();
  }
}
