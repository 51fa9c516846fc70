package dev.autograd.plot.internal;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
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
 * characters, then the default family, then any installed family, and last the CJK font bundled
 * with this module ({@link #BUNDLED_FAMILY}, registered with the {@link GraphicsEnvironment} the
 * first time it is chosen). Installed fonts win over the bundled one, so that a machine with a
 * complete CJK font draws with it. When no font can, the default is used and one warning is logged.
 */
public final class Fonts {
  private static final Logger LOG = LoggerFactory.getLogger("dev.autograd.plot");

  /**
   * The family of the bundled font: Noto Sans SC Regular (SIL Open Font License 1.1, {@code
   * fonts/OFL.txt} beside it) cut down to Latin, Greek, mathematical symbols, CJK punctuation and
   * the 3755 most used simplified Chinese characters by {@code
   * autograd-plot/fonts/make-cjk-subset.sh}, renamed so that it never stands in for an installed
   * Noto Sans SC.
   */
  public static final String BUNDLED_FAMILY = "Noto Sans SC Subset";

  private static final String BUNDLED_RESOURCE = "fonts/NotoSansSC-Subset.ttf";

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

  /** The fonts of the machine, as the JVM sees them. */
  static final InstalledFonts SYSTEM =
      new InstalledFonts() {
        @Override
        public List<String> families() {
          return List.of(
              GraphicsEnvironment.getLocalGraphicsEnvironment()
                  .getAvailableFontFamilyNames(Locale.ROOT));
        }

        @Override
        public boolean canDisplay(String family, String text) {
          return new Font(family, Font.PLAIN, 12).canDisplayUpTo(text) == -1;
        }
      };

  private static InstalledFonts installed = SYSTEM;

  /** The bundled font once loaded and registered; null before. */
  private static Font bundled;

  private Fonts() {}

  /**
   * The fonts a choice may take from the machine. Tests replace them to see what a machine without
   * a CJK font gets; the JVM's own lookup cannot be told to ignore the fonts that are installed.
   */
  interface InstalledFonts {
    /** The installed font families, logical ones (SansSerif, Dialog, ...) included. */
    List<String> families();

    /** Whether {@code family} has a glyph for every character of {@code text}. */
    boolean canDisplay(String family, String text);
  }

  /** Chooses from {@code fonts} from now on (and forgets earlier choices). */
  static synchronized void useInstalledFonts(InstalledFonts fonts) {
    installed = fonts;
    CACHE.clear();
  }

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
    List<String> families = installed.families();
    Set<String> known = new HashSet<>(LOGICAL);
    for (String name : families) known.add(name.toLowerCase(Locale.ROOT));
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
    for (String family : families) {
      if (canDisplay(family, text)) return new Choice(family, true);
    }
    Font font = bundled();
    if (font != null && font.canDisplayUpTo(text) == -1) return new Choice(BUNDLED_FAMILY, true);
    LOG.warn(
        "neither an installed font nor the bundled {} can display all characters of the figure's"
            + " text (first missing: '{}'); drawing with {} anyway. Install a font that covers"
            + " them, for CJK text for example the Debian package fonts-noto-cjk.",
        BUNDLED_FAMILY,
        missing(font != null ? font : new Font(DEFAULT_FAMILY, Font.PLAIN, 12), text),
        DEFAULT_FAMILY);
    return new Choice(DEFAULT_FAMILY, false);
  }

  /**
   * The bundled font, loaded and registered with the graphics environment on first use, so that
   * {@code new Font(BUNDLED_FAMILY, ...)} finds it; null (after one warning) if it cannot be read.
   */
  private static Font bundled() {
    if (bundled != null) return bundled;
    try (InputStream in = Fonts.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) throw new IOException("resource " + BUNDLED_RESOURCE + " not found");
      Font font = Font.createFont(Font.TRUETYPE_FONT, in);
      // False when a font of that name is registered already, which then serves as well.
      GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(font);
      bundled = font;
    } catch (IOException | FontFormatException e) {
      LOG.warn("cannot load the bundled font {}: {}", BUNDLED_FAMILY, e.toString());
    }
    return bundled;
  }

  private static final Set<String> LOGICAL =
      Set.of("dialog", "dialoginput", "sansserif", "serif", "monospaced");

  private static String missing(Font font, String text) {
    int i = font.canDisplayUpTo(text);
    return i < 0 ? "" : new String(Character.toChars(text.codePointAt(i)));
  }

  private static boolean canDisplay(String family, String text) {
    return installed.canDisplay(family, text);
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
