package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocPlotTest {

  @Test
  void writesAReadablePngOfTheExpectedSizeWithTheCurvesDrawn(@TempDir Path dir) throws Exception {
    NamedCurve good = NamedCurve.of("probe 100%",
        new double[] {0.1, 0.4, 0.35, 0.8, 0.9}, new boolean[] {false, false, true, true, true});
    NamedCurve poor = NamedCurve.of("probe 1%",
        new double[] {0.5, 0.2, 0.6, 0.4}, new boolean[] {true, false, false, true});
    Path png = dir.resolve("plots/roc.png");

    RocPlot.write(png, "AFib vs rest", List.of(good, poor));

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(RocPlot.WIDTH_PX);
    assertThat(image.getHeight()).isEqualTo(RocPlot.HEIGHT_PX);
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          coloured++;
        }
      }
    }
    // Curves and legend swatches are the only saturated pixels on a white/grey canvas.
    assertThat(coloured).isGreaterThan(500);
  }
}
