package dev.autograd.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * What a user set on one series ({@link FigureBuilder#color}, {@link FigureBuilder#alpha}, {@link
 * FigureBuilder#lineStyle}, {@link FigureBuilder#lineWidth}, {@link FigureBuilder#marker}); unset
 * properties keep the chart's own look.
 */
final class SeriesStyle {
  Color color;
  LineStyle lineStyle;
  Float lineWidth;
  Marker marker;
  Double alpha;

  /** Applies the properties that were set to {@code series}. */
  void applyTo(XYSeries series) {
    if (color != null || alpha != null) {
      // A line series has no fill colour: its line colour is the one to make transparent.
      Color c =
          color != null
              ? color
              : series.getFillColor() != null ? series.getFillColor() : series.getLineColor();
      if (alpha != null)
        c = new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * alpha));
      series.setLineColor(c);
      series.setMarkerColor(c);
      series.setFillColor(c);
    }
    if (marker != null) series.setMarker(marker.shape());
    if (lineStyle == LineStyle.NONE) {
      // XChart skips a line only when its stroke is this very object.
      series.setLineStyle(SeriesLines.NONE);
    } else if (lineStyle != null || lineWidth != null) {
      BasicStroke old = series.getLineStyle();
      float width = lineWidth != null ? lineWidth : old == null ? 2f : old.getLineWidth();
      LineStyle style = lineStyle != null ? lineStyle : LineStyle.SOLID;
      float[] dashes = style.dashes(width);
      series.setLineStyle(
          dashes == null
              ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f)
              : new BasicStroke(
                  width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dashes, 0f));
      if (series.getXYSeriesRenderStyle().orElse(null) == XYSeriesRenderStyle.Scatter) {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
      }
    }
  }
}
