package dev.autograd.plot.internal;

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
      for (int i = 0; i < count; i++) {
        BufferedImage image = frames.apply(i);
        IIOMetadata metadata =
            writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
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
   * milliseconds (at most 65535); {@code plays} is how many times viewers play it (0 for ever).
   */
  public static void writeApng(
      OutputStream out, int count, IntFunction<BufferedImage> frames, int[] delays, int plays)
      throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(PNG_SIGNATURE);
    byte[] header = null;
    int sequence = 0;
    for (int i = 0; i < count; i++) {
      BufferedImage image = frames.apply(i);
      List<byte[]> idat = new ArrayList<>();
      byte[] ihdr = encode(image, idat);
      if (header == null) {
        header = ihdr;
        chunk(data, "IHDR", header);
        chunk(data, "acTL", ByteBuffer.allocate(8).putInt(count).putInt(plays).array());
      } else if (!Arrays.equals(header, ihdr)) {
        throw new IllegalStateException(
            "APNG: frame " + i + " was encoded with another PNG header than frame 0");
      }
      ByteBuffer control = ByteBuffer.allocate(26);
      control.putInt(sequence++).putInt(image.getWidth()).putInt(image.getHeight());
      control.putInt(0).putInt(0); // x and y offsets: every frame is whole
      control.putShort((short) delays[i]).putShort((short) 1000);
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
}
