package im.core.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image's dimensions and makes a JPEG thumbnail, with the JDK's image decoders
 * (PNG, JPEG, GIF, BMP). Formats it cannot decode (WebP) are stored without one.
 * Dimensions are read from the header first, so a small file that claims a huge image is
 * never decoded.
 */
final class Thumbnails {

	private Thumbnails() {
	}

	/** What could be learned; {@code thumbnail} null when none was made. */
	record Result(Integer width, Integer height, byte[] thumbnail) {

		static final Result NONE = new Result(null, null, null);

	}

	static Result of(byte[] bytes, int longerSide, long maxPixels) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (input == null || !readers.hasNext()) {
				return Result.NONE;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input, true, true);
				int width = reader.getWidth(0);
				int height = reader.getHeight(0);
				if ((long) width * height > maxPixels) {
					return new Result(width, height, null);
				}
				return new Result(width, height, scale(reader.read(0), longerSide));
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			// not decodable after all: the file is kept, without a thumbnail
			return Result.NONE;
		}
	}

	private static byte[] scale(BufferedImage image, int longerSide) throws IOException {
		double factor = Math.min(1.0, longerSide / (double) Math.max(image.getWidth(), image.getHeight()));
		int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
		int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
		BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = thumbnail.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, width, height);
			graphics.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(thumbnail, "jpg", out);
		return out.toByteArray();
	}

}
