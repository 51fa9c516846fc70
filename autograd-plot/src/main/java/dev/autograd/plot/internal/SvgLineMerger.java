package dev.autograd.plot.internal;

import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.MutableCommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Joins the line segments XChart draws one by one into one path per series.
 *
 * <p>XChart draws a series as a {@code Line2D} per pair of points, which a vector format would
 * store as hundreds of separate {@code <line>} elements. Within a run of drawing commands in one
 * colour (no text, transform, clip or colour change in between), this filter collects the segments
 * drawn with the same stroke into one {@code Path2D} (a new sub-path where a segment does not start
 * where the last one ended) and emits it before the run's other shapes (the markers, which XChart
 * paints over the line anyway).
 */
public final class SvgLineMerger {
  private SvgLineMerger() {}

  /** The commands with each run's segments merged. */
  public static CommandSequence merge(CommandSequence commands) {
    MutableCommandSequence out = new MutableCommandSequence();
    Run run = new Run();
    Deque<Optional<Stroke>> saved = new ArrayDeque<>();
    Stroke stroke = null;
    for (Command<?> c : commands) {
      if (c instanceof SetStrokeCommand s) {
        run.begin(stroke);
        stroke = s.getValue();
      } else if (c instanceof DrawShapeCommand d && d.getValue() instanceof Line2D line) {
        run.begin(stroke);
        run.lines.computeIfAbsent(stroke, k -> new Lines()).add(line);
      } else if (c instanceof DrawShapeCommand || c instanceof FillShapeCommand) {
        run.begin(stroke);
        run.others.add(c);
        run.otherStrokes.add(stroke);
      } else {
        run.flush(out, stroke);
        // Graphics.create() and dispose() push and pop the graphics state, stroke included.
        if (c instanceof CreateCommand) saved.push(Optional.ofNullable(stroke));
        if (c instanceof DisposeCommand && !saved.isEmpty()) stroke = saved.pop().orElse(null);
        out.add(c);
      }
    }
    run.flush(out, stroke);
    return out;
  }

  /** The drawing commands of one run: merged lines by stroke, then the other shapes in order. */
  private static final class Run {
    final Map<Stroke, Lines> lines = new LinkedHashMap<>();
    final List<Command<?>> others = new ArrayList<>();
    final List<Stroke> otherStrokes = new ArrayList<>();
    private boolean started;
    private Stroke strokeAtStart;

    void begin(Stroke stroke) {
      if (!started) {
        started = true;
        strokeAtStart = stroke;
      }
    }

    /** Emits the run, leaving the stroke set to {@code strokeAfter} as the input did. */
    void flush(MutableCommandSequence out, Stroke strokeAfter) {
      if (!started) return;
      Stroke emitted = strokeAtStart;
      for (Map.Entry<Stroke, Lines> e : lines.entrySet()) {
        emitted = setStroke(out, emitted, e.getKey());
        out.add(new DrawShapeCommand(e.getValue().shape()));
      }
      for (int i = 0; i < others.size(); i++) {
        emitted = setStroke(out, emitted, otherStrokes.get(i));
        out.add(others.get(i));
      }
      setStroke(out, emitted, strokeAfter);
      lines.clear();
      others.clear();
      otherStrokes.clear();
      started = false;
    }

    private static Stroke setStroke(MutableCommandSequence out, Stroke emitted, Stroke wanted) {
      if (wanted == null || Objects.equals(emitted, wanted)) return emitted;
      out.add(new SetStrokeCommand(wanted));
      return wanted;
    }
  }

  /** Segments joined into sub-paths. */
  private static final class Lines {
    private final Path2D.Double path = new Path2D.Double();
    private Line2D first;
    private int count;
    private double lastX = Double.NaN;
    private double lastY = Double.NaN;

    void add(Line2D line) {
      if (count == 0) first = line;
      if (count == 0 || line.getX1() != lastX || line.getY1() != lastY) {
        path.moveTo(line.getX1(), line.getY1());
      }
      path.lineTo(line.getX2(), line.getY2());
      lastX = line.getX2();
      lastY = line.getY2();
      count++;
    }

    java.awt.Shape shape() {
      return count == 1 ? first : path;
    }
  }
}
