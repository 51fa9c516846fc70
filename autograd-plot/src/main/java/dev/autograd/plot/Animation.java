package dev.autograd.plot;

import dev.autograd.internal.AtomicFiles;
import dev.autograd.plot.internal.AnimationWriter;
import dev.autograd.plot.internal.Export;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A "training movie": figures shown one after another, written as an animated GIF or an animated
 * PNG (APNG), as matplotlib's {@code FuncAnimation} saved with {@code PillowWriter}. The frames are
 * figures given as a list or as a function of the frame number, drawn one at a time while the file
 * is written; they must all have the same size in pixels.
 *
 * <pre>{@code
 * // a loss curve growing, one frame per 5 epochs
 * double[] losses = ...;
 * Plots.animation(losses.length / 5, i ->
 *         Plots.lossHistory().series("SGD", Arrays.copyOf(losses, 5 * i + 5)).build())
 *     .fps(10)
 *     .holdLast(1.5)
 *     .save(Path.of("plots/loss.gif"));
 *
 * // the descent step by step
 * Plots.descentPath((x, y) -> x.square().add(y.square()), -3, 3, -3, 3)
 *     .path("SGD, lr=0.1", path)
 *     .animation()
 *     .save(Path.of("plots/descent.png")); // an APNG
 * }</pre>
 *
 * For curves that grow, fix the axis ranges (as {@link DescentPathChart#animation()} and {@link
 * TrainingMonitor#animation(int)} do), or each frame is scaled to its own data.
 */
public final class Animation {
  /** The extensions {@link #save(Path)} understands. */
  private static final String SUPPORTED = ".gif, .png (APNG), .apng";

  private final int frames;
  private final IntFunction<Figure> frame;
  private double fps = 10;
  private int plays;
  private double holdLast;

  private Animation(int frames, IntFunction<Figure> frame) {
    this.frames = frames;
    this.frame = frame;
  }

  /**
   * An animation of {@code frames} frames, frame {@code i} drawn by {@code frame.apply(i)} when the
   * file is written (each figure is built, drawn and dropped in turn).
   *
   * @param frames the number of frames, at least 1
   * @param frame the figure of each frame number, 0 to {@code frames - 1}
   * @return a new animation at 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code frames < 1}
   * @throws NullPointerException if {@code frame} is null
   */
  public static Animation of(int frames, IntFunction<Figure> frame) {
    Objects.requireNonNull(frame, "frame");
    if (frames < 1) {
      throw new IllegalArgumentException("Animation.of: need at least 1 frame, got " + frames);
    }
    return new Animation(frames, frame);
  }

  /**
   * An animation of the given figures, in order.
   *
   * @param figures the frames, at least one, none null
   * @return a new animation at 10 frames per second, playing for ever
   * @throws IllegalArgumentException if {@code figures} is empty
   * @throws NullPointerException if {@code figures} or one of them is null
   */
  public static Animation of(List<Figure> figures) {
    List<Figure> copy = List.copyOf(figures);
    if (copy.isEmpty()) throw new IllegalArgumentException("Animation.of: no figures");
    return new Animation(copy.size(), copy::get);
  }

  /**
   * The frame rate (default 10). GIF stores delays in hundredths of a second, so its frames last
   * {@code 1 / fps} rounded to 0.01 s; APNG's, to 0.001 s.
   *
   * @param fps frames per second, from 0.1 (a frame every 10 s) to 50 (faster GIFs are slowed down
   *     by browsers)
   * @return this animation
   * @throws IllegalArgumentException if {@code fps} is not in [0.1, 50]
   */
  public Animation fps(double fps) {
    if (!(fps >= 0.1 && fps <= 50)) {
      throw new IllegalArgumentException("fps: must be from 0.1 to 50, got " + fps);
    }
    this.fps = fps;
    return this;
  }

  /**
   * How many times a viewer plays the animation: 0 (the default) for ever, 1 once, and so on.
   *
   * @param count the number of plays, 0 to 65535
   * @return this animation
   * @throws IllegalArgumentException if {@code count} is not in [0, 65535]
   */
  public Animation plays(int count) {
    if (count < 0 || count > 65535) {
      throw new IllegalArgumentException("plays: must be in [0, 65535] (0 for ever), got " + count);
    }
    this.plays = count;
    return this;
  }

  /**
   * Extra time the last frame stays before the animation ends or starts again (default 0), so that
   * the end of a descent can be seen.
   *
   * @param seconds the extra time, from 0 to 60
   * @return this animation
   * @throws IllegalArgumentException if {@code seconds} is not in [0, 60]
   */
  public Animation holdLast(double seconds) {
    if (!(seconds >= 0 && seconds <= 60)) {
      throw new IllegalArgumentException("holdLast: must be in [0, 60] seconds, got " + seconds);
    }
    this.holdLast = seconds;
    return this;
  }

  /**
   * The number of frames.
   *
   * @return at least 1
   */
  public int frames() {
    return frames;
  }

  /**
   * Builds frame {@code i}, to look at one frame or save it as a still.
   *
   * @param i the frame number, 0 to {@code frames() - 1}
   * @return the figure of that frame
   * @throws IndexOutOfBoundsException if {@code i} is not a frame number
   * @throws IllegalArgumentException if the frame function returns null
   */
  public Figure frame(int i) {
    Objects.checkIndex(i, frames);
    Figure figure = frame.apply(i);
    if (figure == null) {
      throw new IllegalArgumentException(
          "Animation: the frame function returned null for frame " + i + " of " + frames);
    }
    return figure;
  }

  /**
   * Writes the animation to {@code path} in the format its extension names: {@code .gif}, or {@code
   * .png} and {@code .apng} for an animated PNG (viewers without APNG support show the first
   * frame). Frames are drawn at their figure's {@link FigureBuilder#dpi(int) dpi}. The file is
   * written whole or not at all, missing parent folders are created.
   *
   * @param path the file to write; an existing file is replaced
   * @return this animation
   * @throws IllegalArgumentException for another extension, or if a frame's size in pixels is not
   *     the first frame's (the message names both), or the frame function returns null
   * @throws IOException if the file cannot be written
   */
  public Animation save(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    boolean gif = format(path);
    double seconds = 1 / fps;
    int unit = gif ? 100 : 1000;
    int[] delays = new int[frames];
    for (int i = 0; i < frames; i++) {
      delays[i] =
          (int) Math.max(1, Math.round((seconds + (i == frames - 1 ? holdLast : 0)) * unit));
    }
    int[] size = new int[2];
    IntFunction<BufferedImage> images = i -> image(i, size);
    AtomicFiles.write(
        path,
        out -> {
          if (gif) AnimationWriter.writeGif(out, frames, images, delays, plays);
          else AnimationWriter.writeApng(out, frames, images, delays, plays);
        });
    return this;
  }

  /** Frame {@code i} drawn, checked to have the size of frame 0 (recorded in {@code size}). */
  private BufferedImage image(int i, int[] size) {
    BufferedImage image = frame(i).toImage();
    if (i == 0) {
      size[0] = image.getWidth();
      size[1] = image.getHeight();
    } else if (image.getWidth() != size[0] || image.getHeight() != size[1]) {
      throw new IllegalArgumentException(
          "Animation.save: frame "
              + i
              + " is "
              + image.getWidth()
              + " x "
              + image.getHeight()
              + " pixels but frame 0 is "
              + size[0]
              + " x "
              + size[1]
              + "; every frame must have the same size and dpi");
    }
    return image;
  }

  /** True for GIF, false for APNG; refuses other extensions. */
  private static boolean format(Path path) {
    return Export.extension(path, "Animation.save", SUPPORTED, ".gif", ".png", ".apng")
        .equals(".gif");
  }
}
