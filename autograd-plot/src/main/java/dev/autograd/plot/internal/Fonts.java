package dev.autograd.plot.internal;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a font family that can draw every character of a figure's text ({@link
 * Font#canDisplayUpTo}): the user's choice first, then an installed CJK font when the text has CJK
 * characters, then the default family, then any installed family. When none can, the default is
 * used and one warning is logged.
 */
public final class Fonts {
  private static final Logger LOG = LoggerFactory.getLogger("dev.autograd.plot");

  /** The family XChart's default theme uses. */
  public static final String DEFAULT_FAMILY = Font.SANS_SERIF;

  /** CJK families in order of preference (as installed by Debian, macOS and Windows). */
  static final List<String> CJK_FAMILIES =
      List.of(
          "Noto Sans CJK SC",
          "Noto Sans SC",
          "Noto Sans CJK TC",
          "Noto Sans CJK JP",
          "Noto Sans CJK KR",
          "Source Han Sans SC",
          "Source Han Sans CN",
          "WenQuanYi Micro Hei",
          "WenQuanYi Zen Hei",
          "Microsoft YaHei",
          "SimHei",
          "PingFang SC",
          "Hiragino Sans GB",
          "Heiti SC",
          "Droid Sans Fallback",
          "AR PL UMing CN");

  /** Characters of tick labels, drawn in every figure. */
  private static final String TICK_CHARACTERS = "0123456789.,-E";

  private static final Map<String, Choice> CACHE = new LinkedHashMap<>();

  private Fonts() {}

  /**
   * The outcome of a choice.
   *
   * @param family the family to draw with
   * @param complete whether that family can draw every character
   */
  public record Choice(String family, boolean complete) {}

  /** The family to draw {@code texts} with; {@code requested} (may be null) is tried first. */
  public static synchronized Choice choose(String requested, Collection<String> texts) {
    StringBuilder sb = new StringBuilder(TICK_CHARACTERS);
    for (String t : texts) if (t != null) sb.append(t);
    String all = sb.toString();
    String key = requested + "\u0000" + all;
    Choice cached = CACHE.get(key);
    if (cached != null) return cached;
    Choice choice = search(requested, all);
    if (CACHE.size() > 256) CACHE.clear();
    CACHE.put(key, choice);
    return choice;
  }

  private static Choice search(String requested, String text) {
    List<String> installed =
        List.of(
            GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames(Locale.ROOT));
    Set<String> known = new HashSet<>(LOGICAL);
    for (String name : installed) known.add(name.toLowerCase(Locale.ROOT));
    if (requested != null) {
      if (!known.contains(requested.toLowerCase(Locale.ROOT))) {
        LOG.info("font '{}' is not installed; choosing another", requested);
      } else if (canDisplay(requested, text)) {
        return new Choice(requested, true);
      } else {
        LOG.info("font '{}' cannot display all of the text; choosing another", requested);
      }
    }
    if (hasCjk(text)) {
      for (String family : CJK_FAMILIES) {
        if (known.contains(family.toLowerCase(Locale.ROOT)) && canDisplay(family, text)) {
          return new Choice(family, true);
        }
      }
    }
    if (canDisplay(DEFAULT_FAMILY, text)) return new Choice(DEFAULT_FAMILY, true);
    for (String family : installed) {
      if (canDisplay(family, text)) return new Choice(family, true);
    }
    LOG.warn(
        "no installed font can display all characters of the figure's text (first missing: '{}');"
            + " drawing with {} anyway. Install a font that covers them, for CJK text for example"
            + " the Debian package fonts-noto-cjk or fonts-wqy-microhei.",
        missing(text),
        DEFAULT_FAMILY);
    return new Choice(DEFAULT_FAMILY, false);
  }

  private static final Set<String> LOGICAL =
      Set.of("dialog", "dialoginput", "sansserif", "serif", "monospaced");

  private static String missing(String text) {
    int i = new Font(DEFAULT_FAMILY, Font.PLAIN, 12).canDisplayUpTo(text);
    return i < 0 ? "" : new String(Character.toChars(text.codePointAt(i)));
  }

  private static boolean canDisplay(String family, String text) {
    return new Font(family, Font.PLAIN, 12).canDisplayUpTo(text) == -1;
  }

  /** Whether {@code text} has Han, kana, Hangul or Bopomofo characters. */
  static boolean hasCjk(String text) {
    return text.codePoints()
        .anyMatch(
            cp -> {
              Character.UnicodeScript s = Character.UnicodeScript.of(cp);
              return s == Character.UnicodeScript.HAN
                  || s == Character.UnicodeScript.HIRAGANA
                  || s == Character.UnicodeScript.KATAKANA
                  || s == Character.UnicodeScript.HANGUL
                  || s == Character.UnicodeScript.BOPOMOFO;
            });
  }

  /** {@code font} with its style and size, in {@code family}. */
  public static Font withFamily(Font font, String family) {
    if (font == null) return null;
    return new Font(family, font.getStyle(), font.getSize()).deriveFont(font.getSize2D());
  }
}
