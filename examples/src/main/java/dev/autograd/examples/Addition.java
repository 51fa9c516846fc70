package dev.autograd.examples;

import dev.autograd.Generator;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two-digit addition written as text for {@link SmallTransformer}: {@code "47+85="} followed by the
 * sum's three digits reversed, {@code "231"} for 132 (units first). Reversed, each digit of the
 * answer depends only on digits of the operands and on the carry from the digit before it, which
 * the model has just written: the order in which a person adds, and the one a small transformer
 * learns fastest.
 *
 * <p>The vocabulary is {@code 0123456789+=}, token ids 0 to 11; every example is 9 tokens, 6 of the
 * problem and 3 of the answer.
 */
final class Addition {
  /** The characters of the vocabulary, token id = index. */
  static final String VOCAB = "0123456789+=";

  /** The tokens of a problem, {@code "ab+cd="}. */
  static final int PROBLEM = 6;

  /** The tokens of an answer: the sum's three digits, units first. */
  static final int ANSWER = 3;

  /** An example's tokens. */
  static final int LENGTH = PROBLEM + ANSWER;

  private Addition() {}

  /** {@code "ab+cd="}, each operand in two digits. */
  static String problem(int a, int b) {
    checkOperand("problem", a);
    checkOperand("problem", b);
    return String.format(Locale.ROOT, "%02d+%02d=", a, b);
  }

  /** The sum's three digits, units first: {@code answer(47, 85)} is {@code "231"}. */
  static String answer(int a, int b) {
    checkOperand("answer", a);
    checkOperand("answer", b);
    return new StringBuilder(String.format(Locale.ROOT, "%03d", a + b)).reverse().toString();
  }

  /** The sum an answer written units first stands for: {@code "231"} is 132. */
  static int readAnswer(String answer) {
    if (answer.length() != ANSWER || !answer.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "Addition.readAnswer: expected " + ANSWER + " digits, got '" + answer + "'");
    }
    return Integer.parseInt(new StringBuilder(answer).reverse().toString());
  }

  /** The token ids of {@code text}, each character one token of {@link #VOCAB}. */
  static long[] encode(String text) {
    long[] ids = new long[text.length()];
    for (int i = 0; i < ids.length; i++) {
      int id = VOCAB.indexOf(text.charAt(i));
      if (id < 0) {
        throw new IllegalArgumentException(
            "Addition.encode: '"
                + text.charAt(i)
                + "' at "
                + i
                + " of '"
                + text
                + "' is not in the vocabulary "
                + VOCAB);
      }
      ids[i] = id;
    }
    return ids;
  }

  /** The text of token ids, the inverse of {@link #encode}. */
  static String decode(long[] ids) {
    StringBuilder text = new StringBuilder(ids.length);
    for (long id : ids) {
      if (id < 0 || id >= VOCAB.length()) {
        throw new IllegalArgumentException(
            "Addition.decode: token id " + id + " is outside [0, " + VOCAB.length() + ")");
      }
      text.append(VOCAB.charAt((int) id));
    }
    return text.toString();
  }

  /** One problem: its two operands, each in [0, 99]. */
  record Pair(int a, int b) {
    /** The whole example's text, problem and answer. */
    String text() {
      return problem(a, b) + answer(a, b);
    }
  }

  /**
   * The 10 000 pairs (a, b) in an order drawn from {@code generator}, split into the first {@code
   * heldOut} (never trained on) and the rest.
   */
  static List<List<Pair>> split(int heldOut, Generator generator) {
    if (heldOut < 1 || heldOut >= 10_000) {
      throw new IllegalArgumentException(
          "Addition.split: heldOut must be in [1, 10000), got " + heldOut);
    }
    double[] order = Tensor.randperm(generator, 10_000).toDoubleArray();
    List<Pair> test = new ArrayList<>();
    List<Pair> train = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      Pair p = new Pair((int) order[i] / 100, (int) order[i] % 100);
      (i < heldOut ? test : train).add(p);
    }
    return List.of(train, test);
  }

  /** The examples' tokens, [pairs, {@link #LENGTH}] INT64. */
  static Tensor tokens(List<Pair> pairs) {
    long[] ids = new long[pairs.size() * LENGTH];
    for (int i = 0; i < pairs.size(); i++) {
      System.arraycopy(encode(pairs.get(i).text()), 0, ids, i * LENGTH, LENGTH);
    }
    return Tensor.of(ids, pairs.size(), LENGTH);
  }

  private static void checkOperand(String call, int x) {
    if (x < 0 || x > 99) {
      throw new IllegalArgumentException(
          "Addition." + call + ": operands are two-digit numbers in [0, 99], got " + x);
    }
  }
}
