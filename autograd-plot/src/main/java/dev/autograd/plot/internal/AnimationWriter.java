package dev.autograd.plot.internal;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes frames of equal size as an animated GIF or an animated PNG (APNG). Frames are drawn one at
 * a time as the file is written, so a long animation does not hold all its images in memory.
 *
 * <p>After the first, each frame stores only the rectangle where it differs from the frame before,
 * drawn over it (GIF's "do not dispose", APNG's dispose none and blend source): a descent or a
 * growing curve changes a small part of the picture, so the file stays small.
 *
 * <p>The GIF has one local palette per frame (ImageIO reduces each frame to 256 colours), the delay
 * of each frame in its graphic control extension, and the loop count in a NETSCAPE2.0 application
 * extension. The APNG is built from each frame PNG-encoded by ImageIO: the first frame's IDAT
 * chunks are the default image, later frames' become fdAT chunks, each frame preceded by its fcTL.
 */
public final class AnimationWriter {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private AnimationWriter() {}

  /**
   * Writes {@code count} frames as a GIF. {@code delays} are each frame's display time in
   * hundredths of a second; {@code plays} is how many times viewers play it (0 for ever).
   */
  public static void writeGif(
      OutputStream out, int count, IntFunction<BufferedImage> frames, int[] delays, int plays)
      throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      ImageWriteParam param = writer.getDefaultWriteParam();
      Changes changes = new Changes();
      for (int i = 0; i < count; i++) {
        Rectangle r = changes.next(frames.apply(i));
        BufferedImage image = changes.crop(r);
        IIOMetadata metadata =
            writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode descriptor = child(root, "ImageDescriptor");
        descriptor.setAttribute("imageLeftPosition", Integer.toString(r.x));
        descriptor.setAttribute("imageTopPosition", Integer.toString(r.y));
        descriptor.setAttribute("imageWidth", Integer.toString(r.width));
        descriptor.setAttribute("imageHeight", Integer.toString(r.height));
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "doNotDispose");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("transparentColorIndex", "0");
        control.setAttribute("delayTime", Integer.toString(delays[i]));
        // A GIF without the NETSCAPE2.0 extension plays once; with it, the loop count is the
        // number of repetitions after the first play (0 for ever).
        if (i == 0 && plays != 1) {
          IIOMetadataNode extensions = child(root, "ApplicationExtensions");
          IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
          loop.setAttribute("applicationID", "NETSCAPE");
          loop.setAttribute("authenticationCode", "2.0");
          int repeat = plays == 0 ? 0 : plays - 1;
          loop.setUserObject(new byte[] {1, (byte) (repeat & 0xff), (byte) ((repeat >> 8) & 0xff)});
          extensions.appendChild(loop);
        }
        metadata.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(image, null, metadata), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
    for (int i = 0; i < parent.getLength(); i++) {
      if (parent.item(i).getNodeName().equals(name)) return (IIOMetadataNode) parent.item(i);
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    parent.appendChild(node);
    return node;
  }

  /**
   * Writes {@code count} frames as an APNG. {@code delays} are each frame's display time in
   * milliseconds (at most 6553500); {@code plays} is how many times viewers play it (0 for ever).
   */
  public static void writeApng(
      OutputStream out, int count, IntFunction<BufferedImage> frames, int[] delays, int plays)
      throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(PNG_SIGNATURE);
    byte[] header = null;
    int sequence = 0;
    Changes changes = new Changes();
    for (int i = 0; i < count; i++) {
      Rectangle r = changes.next(frames.apply(i));
      List<byte[]> idat = new ArrayList<>();
      byte[] ihdr = encode(changes.crop(r), idat);
      if (header == null) {
        header = ihdr;
        chunk(data, "IHDR", header);
        chunk(data, "acTL", ByteBuffer.allocate(8).putInt(count).putInt(plays).array());
      } else if (!Arrays.equals(header, 8, 13, ihdr, 8, 13)) {
        // Bit depth, colour type, compression, filter and interlace must be the first frame's.
        throw new IllegalStateException(
            "APNG: frame " + i + " was encoded in another PNG pixel format than frame 0");
      }
      ByteBuffer control = ByteBuffer.allocate(26);
      control.putInt(sequence++).putInt(r.width).putInt(r.height);
      control.putInt(r.x).putInt(r.y);
      // The delay as a fraction of a second in 16-bit parts: milliseconds, or hundredths past 65 s.
      boolean ms = delays[i] <= 0xffff;
      control.putShort((short) (ms ? delays[i] : Math.round(delays[i] / 10.0)));
      control.putShort((short) (ms ? 1000 : 100));
      control.put((byte) 0).put((byte) 0); // dispose: none; blend: source
      chunk(data, "fcTL", control.array());
      for (byte[] part : idat) {
        if (i == 0) {
          chunk(data, "IDAT", part);
        } else {
          chunk(
              data,
              "fdAT",
              ByteBuffer.allocate(4 + part.length).putInt(sequence++).put(part).array());
        }
      }
    }
    chunk(data, "IEND", new byte[0]);
    data.flush();
  }

  /** PNG-encodes {@code image}, adds its IDAT chunks' data to {@code idat}, returns its IHDR's. */
  private static byte[] encode(BufferedImage image, List<byte[]> idat) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", png)) {
      throw new IllegalStateException("APNG: ImageIO has no PNG writer for this image type");
    }
    ByteBuffer in = ByteBuffer.wrap(png.toByteArray());
    in.position(PNG_SIGNATURE.length);
    byte[] ihdr = null;
    while (in.remaining() >= 12) {
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      byte[] body = new byte[length];
      in.get(body);
      in.getInt(); // CRC: ImageIO's own output
      String name = new String(type, StandardCharsets.US_ASCII);
      if (name.equals("IHDR")) ihdr = body;
      if (name.equals("IDAT")) idat.add(body);
    }
    if (ihdr == null || idat.isEmpty()) {
      throw new IllegalStateException("APNG: ImageIO wrote a PNG without IHDR or IDAT");
    }
    return ihdr;
  }

  private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(body);
    out.writeInt(body.length);
    out.write(name);
    out.write(body);
    out.writeInt((int) crc.getValue());
  }

  /** The frames seen so far, and the rectangle where each new one differs from the last. */
  private static final class Changes {
    private int width;
    private int height;
    private int[] previous;
    private BufferedImage current;

    /**
     * Takes the next frame and returns where it differs from the one before: the whole frame for
     * the first, a single pixel for a frame that repeats the one before (a frame cannot be empty).
     */
    Rectangle next(BufferedImage frame) {
      int[] pixels =
          frame.getRGB(0, 0, frame.getWidth(), frame.getHeight(), null, 0, frame.getWidth());
      current = frame;
      if (previous == null) {
        width = frame.getWidth();
        height = frame.getHeight();
        previous = pixels;
        return new Rectangle(0, 0, width, height);
      }
      if (frame.getWidth() != width || frame.getHeight() != height) {
        throw new IllegalStateException(
            "animation frames must have one size: "
                + frame.getWidth()
                + " x "
                + frame.getHeight()
                + " after "
                + width
                + " x "
                + height);
      }
      int x0 = width, y0 = height, x1 = -1, y1 = -1;
      for (int y = 0; y < height; y++) {
        int row = y * width;
        for (int x = 0; x < width; x++) {
          if (pixels[row + x] != previous[row + x]) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      }
      previous = pixels;
      return x1 < 0 ? new Rectangle(0, 0, 1, 1) : new Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** The part {@code r} of the last frame, as an image of its own. */
    BufferedImage crop(Rectangle r) {
      BufferedImage part = new BufferedImage(r.width, r.height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = part.createGraphics();
      try {
        g.drawImage(current, -r.x, -r.y, null);
      } finally {
        g.dispose();
      }
      return part;
    }
  }
}
