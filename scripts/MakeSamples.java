import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws the sample images in samples/ with Java2D: simple shapes made by this project, free of
 * third-party rights. Run from the repository root: java scripts/MakeSamples.java
 */
public class MakeSamples {

    public static void main(String[] args) throws IOException {
        File folder = new File(args.length > 0 ? args[0] : "samples");
        folder.mkdirs();

        // A red ball on grass under a blue sky, landscape, JPEG.
        BufferedImage ball = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(ball);
        g.setPaint(
                new GradientPaint(0, 0, new Color(90, 150, 230), 0, 160, new Color(190, 220, 250)));
        g.fillRect(0, 0, 320, 160);
        g.setPaint(
                new GradientPaint(0, 160, new Color(70, 150, 60), 0, 240, new Color(30, 90, 30)));
        g.fillRect(0, 160, 320, 80);
        g.setPaint(
                new GradientPaint(
                        130, 100, new Color(250, 90, 80), 200, 190, new Color(140, 10, 10)));
        g.fill(new Ellipse2D.Double(120, 100, 90, 90));
        g.dispose();
        writeJpeg(ball, new File(folder, "red-ball.jpg"));

        // A yellow house with a dark roof, portrait, JPEG.
        BufferedImage house = new BufferedImage(240, 300, BufferedImage.TYPE_INT_RGB);
        g = start(house);
        g.setColor(new Color(200, 225, 245));
        g.fillRect(0, 0, 240, 300);
        g.setColor(new Color(120, 180, 90));
        g.fillRect(0, 230, 240, 70);
        g.setColor(new Color(240, 200, 80));
        g.fillRect(50, 140, 140, 110);
        Path2D roof = new Path2D.Double();
        roof.moveTo(35, 145);
        roof.lineTo(120, 70);
        roof.lineTo(205, 145);
        roof.closePath();
        g.setColor(new Color(90, 40, 30));
        g.fill(roof);
        g.setColor(new Color(80, 60, 40));
        g.fillRect(105, 190, 30, 60);
        g.setColor(new Color(150, 200, 240));
        g.fillRect(65, 165, 30, 25);
        g.fillRect(145, 165, 30, 25);
        g.dispose();
        writeJpeg(house, new File(folder, "house.jpg"));

        // A checkerboard with a translucent blue ring, RGBA PNG.
        BufferedImage board = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        g = start(board);
        for (int row = 0; row < 8; row++) {
            for (int column = 0; column < 8; column++) {
                g.setColor((row + column) % 2 == 0 ? Color.WHITE : new Color(30, 30, 30));
                g.fillRect(column * 32, row * 32, 32, 32);
            }
        }
        g.setColor(new Color(40, 90, 220, 180));
        g.setStroke(new BasicStroke(18));
        g.draw(new Ellipse2D.Double(48, 48, 160, 160));
        g.dispose();
        ImageIO.write(board, "png", new File(folder, "checkerboard.png"));

        // Grey concentric stripes, 8-bit greyscale PNG.
        BufferedImage rings = new BufferedImage(200, 150, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                double radius = Math.hypot(x - 100, y - 75);
                int level = (int) (127.5 + 127.5 * Math.cos(radius / 4.0));
                rings.getRaster().setSample(x, y, 0, level);
            }
        }
        ImageIO.write(rings, "png", new File(folder, "rings-grey.png"));
    }

    private static Graphics2D start(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static void writeJpeg(BufferedImage image, File file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        file.delete();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
