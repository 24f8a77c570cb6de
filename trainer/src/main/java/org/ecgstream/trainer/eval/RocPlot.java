package org.ecgstream.trainer.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Renders one or more ROC curves, with axes, the chance diagonal and a name/AUC legend, to a PNG. */
public final class RocPlot {

  /** Width of the written image in pixels. */
  public static final int WIDTH_PX = 640;
  /** Height of the written image in pixels. */
  public static final int HEIGHT_PX = 640;

  private static final int MARGIN_LEFT = 70;
  private static final int MARGIN_RIGHT = 30;
  private static final int MARGIN_TOP = 50;
  private static final int MARGIN_BOTTOM = 60;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)
  };

  static {
    // Plots are written on servers and in CI without a display; only effective before AWT starts.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private RocPlot() {}

  /** Writes {@code curves} under {@code title} to {@code png}, creating parent folders. */
  public static void write(Path png, String title, List<NamedCurve> curves) throws IOException {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("ROC plot " + png + ": no curves given (pass at least one)");
    }
    BufferedImage image = new BufferedImage(WIDTH_PX, HEIGHT_PX, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g, title, curves);
    } finally {
      g.dispose();
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("ROC plot " + png + ": no PNG writer available in this JVM");
    }
  }

  private static void draw(Graphics2D g, String title, List<NamedCurve> curves) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH_PX, HEIGHT_PX);
    int plotWidth = WIDTH_PX - MARGIN_LEFT - MARGIN_RIGHT;
    int plotHeight = HEIGHT_PX - MARGIN_TOP - MARGIN_BOTTOM;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    FontMetrics titleMetrics = g.getFontMetrics();
    g.setColor(Color.BLACK);
    g.drawString(title, (WIDTH_PX - titleMetrics.stringWidth(title)) / 2, MARGIN_TOP - 18);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    for (int tick = 0; tick <= 10; tick += 2) {
      double value = tick / 10.0;
      int x = MARGIN_LEFT + (int) Math.round(value * plotWidth);
      int y = MARGIN_TOP + plotHeight - (int) Math.round(value * plotHeight);
      g.setColor(new Color(0xe0e0e0));
      g.drawLine(x, MARGIN_TOP, x, MARGIN_TOP + plotHeight);
      g.drawLine(MARGIN_LEFT, y, MARGIN_LEFT + plotWidth, y);
      g.setColor(Color.BLACK);
      String label = String.format(Locale.ROOT, "%.1f", value);
      g.drawString(label, x - metrics.stringWidth(label) / 2, MARGIN_TOP + plotHeight + 18);
      g.drawString(label, MARGIN_LEFT - 8 - metrics.stringWidth(label), y + metrics.getAscent() / 2);
    }
    g.drawRect(MARGIN_LEFT, MARGIN_TOP, plotWidth, plotHeight);
    String xLabel = "False positive rate";
    g.drawString(xLabel, MARGIN_LEFT + (plotWidth - metrics.stringWidth(xLabel)) / 2, HEIGHT_PX - 20);
    String yLabel = "True positive rate";
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(MARGIN_TOP + (plotHeight + metrics.stringWidth(yLabel)) / 2), 22);
    rotated.dispose();

    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {6f, 6f}, 0f));
    g.drawLine(MARGIN_LEFT, MARGIN_TOP + plotHeight, MARGIN_LEFT + plotWidth, MARGIN_TOP);

    g.setStroke(new BasicStroke(2f));
    for (int k = 0; k < curves.size(); k++) {
      List<RocPoint> points = curves.get(k).points();
      int[] xs = new int[points.size()];
      int[] ys = new int[points.size()];
      for (int i = 0; i < points.size(); i++) {
        xs[i] = MARGIN_LEFT + (int) Math.round(points.get(i).fpr() * plotWidth);
        ys[i] = MARGIN_TOP + plotHeight - (int) Math.round(points.get(i).tpr() * plotHeight);
      }
      g.setColor(PALETTE[k % PALETTE.length]);
      g.drawPolyline(xs, ys, xs.length);
    }

    // Legend in the lower right, where ROC curves above the diagonal leave space.
    int lineHeight = metrics.getHeight() + 4;
    int legendWidth = 0;
    String[] entries = new String[curves.size()];
    for (int k = 0; k < curves.size(); k++) {
      NamedCurve curve = curves.get(k);
      entries[k] = String.format(Locale.ROOT, "%s (AUC %.3f)", curve.name(), curve.auc());
      legendWidth = Math.max(legendWidth, metrics.stringWidth(entries[k]));
    }
    legendWidth += 40;
    int legendHeight = lineHeight * curves.size() + 8;
    int legendX = MARGIN_LEFT + plotWidth - legendWidth - 10;
    int legendY = MARGIN_TOP + plotHeight - legendHeight - 10;
    g.setColor(Color.WHITE);
    g.fillRect(legendX, legendY, legendWidth, legendHeight);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(legendX, legendY, legendWidth, legendHeight);
    for (int k = 0; k < curves.size(); k++) {
      int baseline = legendY + 4 + lineHeight * k + metrics.getAscent();
      g.setColor(PALETTE[k % PALETTE.length]);
      g.setStroke(new BasicStroke(3f));
      g.drawLine(legendX + 8, baseline - metrics.getAscent() / 2, legendX + 28,
          baseline - metrics.getAscent() / 2);
      g.setColor(Color.BLACK);
      g.drawString(entries[k], legendX + 34, baseline);
    }
  }
}
