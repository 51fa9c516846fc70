package dev.autograd.plot.internal;

import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/** A Swing window that paints a {@link Canvas}, rebuilt on demand for live charts. */
public final class FigureWindow {
  private final Supplier<Canvas> source;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile Canvas canvas;
  private JFrame frame;
  private JPanel panel;

  private FigureWindow(Supplier<Canvas> source) {
    this.source = source;
    this.canvas = source.get();
  }

  /**
   * Throws a clear error when there is no display, instead of AWT's {@code HeadlessException}.
   *
   * @param what the operation, for the message
   */
  public static void requireDisplay(String what) {
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException(
          what
              + ": no display is available (the JVM is headless: java.awt.headless=true, or no"
              + " DISPLAY is set), so no window can be opened; save the figure to a file with"
              + " save(Path) instead");
    }
  }

  /** Opens a window titled {@code title} showing the canvas {@code source} gives. */
  public static FigureWindow open(String title, Supplier<Canvas> source) {
    requireDisplay("show()");
    FigureWindow w = new FigureWindow(source);
    onEventThread(() -> w.create(title));
    return w;
  }

  private void create(String title) {
    panel =
        new JPanel() {
          private static final long serialVersionUID = 1L;

          @Override
          protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            canvas.paint((Graphics2D) g, getWidth(), getHeight());
          }
        };
    panel.setPreferredSize(new Dimension(canvas.getWidth(), canvas.getHeight()));
    frame = new JFrame(title == null || title.isEmpty() ? "autograd-plot" : title);
    frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
    frame.add(panel);
    frame.pack();
    frame.setLocationByPlatform(true);
    frame.setVisible(true);
  }

  /**
   * Rebuilds the canvas and repaints, at most once per pending request; callable from any thread.
   */
  public void refresh() {
    if (!pending.compareAndSet(false, true)) return;
    SwingUtilities.invokeLater(
        () -> {
          pending.set(false);
          canvas = source.get();
          if (panel != null) panel.repaint();
        });
  }

  private static void onEventThread(Runnable r) {
    if (SwingUtilities.isEventDispatchThread()) {
      r.run();
      return;
    }
    try {
      SwingUtilities.invokeAndWait(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("could not open the window", e.getCause());
    }
  }
}
