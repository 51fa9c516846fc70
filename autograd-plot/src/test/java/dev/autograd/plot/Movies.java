package dev.autograd.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

/** Reads back the animations the tests write: GIF through ImageIO, APNG chunk by chunk. */
final class Movies {
  private Movies() {}

  /**
   * A GIF's frames as shown (each drawn at its offset over the one before), each frame's delay in
   * hundredths of a second, the rectangles each stores, and its NETSCAPE loop count.
   */
  record Gif(
      List<BufferedImage> frames,
      List<Integer> delays,
      List<Rectangle> stored,
      Integer loopCount) {}

  static Gif readGif(Path file) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      IIOMetadataNode screen =
          (IIOMetadataNode)
              ((IIOMetadataNode)
                      reader.getStreamMetadata().getAsTree("javax_imageio_gif_stream_1.0"))
                  .getElementsByTagName("LogicalScreenDescriptor")
                  .item(0);
      BufferedImage shown =
          new BufferedImage(
              Integer.parseInt(screen.getAttribute("logicalScreenWidth")),
              Integer.parseInt(screen.getAttribute("logicalScreenHeight")),
              BufferedImage.TYPE_INT_RGB);
      List<BufferedImage> frames = new ArrayList<>();
      List<Integer> delays = new ArrayList<>();
      List<Rectangle> stored = new ArrayList<>();
      Integer loop = null;
      for (int i = 0; i < n; i++) {
        IIOMetadataNode root =
            (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control =
            (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        delays.add(Integer.parseInt(control.getAttribute("delayTime")));
        assertEquals("doNotDispose", control.getAttribute("disposalMethod"));
        IIOMetadataNode d = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
        BufferedImage part = reader.read(i);
        Rectangle r =
            new Rectangle(
                Integer.parseInt(d.getAttribute("imageLeftPosition")),
                Integer.parseInt(d.getAttribute("imageTopPosition")),
                part.getWidth(),
                part.getHeight());
        stored.add(r);
        shown = over(shown, part, r);
        frames.add(shown);
        var apps = root.getElementsByTagName("ApplicationExtension");
        for (int k = 0; k < apps.getLength(); k++) {
          IIOMetadataNode app = (IIOMetadataNode) apps.item(k);
          if (app.getAttribute("applicationID").equals("NETSCAPE")) {
            byte[] data = (byte[]) app.getUserObject();
            loop = (data[1] & 0xff) | (data[2] & 0xff) << 8;
          }
        }
      }
      return new Gif(frames, delays, stored, loop);
    } finally {
      reader.dispose();
    }
  }

  /** A copy of {@code below} with {@code part} drawn at {@code r}. */
  private static BufferedImage over(BufferedImage below, BufferedImage part, Rectangle r) {
    BufferedImage out =
        new BufferedImage(below.getWidth(), below.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(below, 0, 0, null);
    g.drawImage(part, r.x, r.y, null);
    g.dispose();
    return out;
  }

  /** A PNG chunk: its type and data. */
  record Chunk(String type, byte[] data) {
    int intAt(int offset) {
      return ByteBuffer.wrap(data).getInt(offset);
    }

    int shortAt(int offset) {
      return ByteBuffer.wrap(data).getShort(offset) & 0xffff;
    }
  }

  /**
   * The chunks of a PNG file, each CRC checked, the signature too.
   *
   * @throws AssertionError on a bad signature, a truncated chunk or a wrong CRC
   */
  static List<Chunk> chunks(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
    byte[] signature = new byte[8];
    in.get(signature);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, signature, "signature");
    List<Chunk> chunks = new ArrayList<>();
    while (in.hasRemaining()) {
      assertTrue(in.remaining() >= 12, "truncated chunk after " + chunks.size());
      int length = in.getInt();
      byte[] type = new byte[4];
      in.get(type);
      byte[] data = new byte[length];
      in.get(data);
      CRC32 crc = new CRC32();
      crc.update(type);
      crc.update(data);
      String name = new String(type, StandardCharsets.US_ASCII);
      assertEquals((int) crc.getValue(), in.getInt(), "CRC of chunk " + chunks.size() + " " + name);
      chunks.add(new Chunk(name, data));
    }
    return chunks;
  }

  /**
   * An APNG read from its chunks: frames as shown (each drawn at its offset over the one before),
   * delays in seconds, the rectangles each stores, and the number of plays.
   */
  record Apng(List<BufferedImage> frames, List<Double> delays, List<Rectangle> stored, int plays) {}

  /**
   * Reads an APNG, checking its structure: IHDR first and IEND last, acTL before the first IDAT,
   * the frame count in acTL equal to the number of fcTL chunks, the first fcTL before the IDATs (so
   * the default image is frame 0), and the sequence numbers of fcTL and fdAT 0, 1, 2, ... in file
   * order. Each frame is decoded by ImageIO from a PNG of the IHDR and its data.
   */
  static Apng readApng(Path file) throws IOException {
    List<Chunk> chunks = chunks(file);
    assertEquals("IHDR", chunks.get(0).type());
    assertEquals("IEND", chunks.get(chunks.size() - 1).type());
    Chunk actl = null;
    int sequence = 0;
    List<Double> delays = new ArrayList<>();
    List<Rectangle> stored = new ArrayList<>();
    List<List<byte[]>> data = new ArrayList<>();
    for (Chunk c : chunks) {
      switch (c.type()) {
        case "acTL" -> {
          assertTrue(data.isEmpty(), "acTL before the frames");
          actl = c;
        }
        case "fcTL" -> {
          assertEquals(sequence++, c.intAt(0), "fcTL sequence number");
          assertEquals(0, c.data()[24], "dispose op: none");
          assertEquals(0, c.data()[25], "blend op: source");
          stored.add(new Rectangle(c.intAt(12), c.intAt(16), c.intAt(4), c.intAt(8)));
          int den = c.shortAt(22);
          delays.add(c.shortAt(20) / (double) (den == 0 ? 100 : den));
          data.add(new ArrayList<>());
        }
        case "IDAT" -> {
          assertEquals(1, data.size(), "IDAT belongs to the first frame");
          data.get(0).add(c.data());
        }
        case "fdAT" -> {
          assertEquals(sequence++, c.intAt(0), "fdAT sequence number");
          assertTrue(data.size() > 1, "fdAT after the first frame");
          byte[] d = new byte[c.data().length - 4];
          System.arraycopy(c.data(), 4, d, 0, d.length);
          data.get(data.size() - 1).add(d);
        }
        default -> {}
      }
    }
    assertNotNull(actl, "acTL chunk");
    assertEquals(actl.intAt(0), data.size(), "acTL's frame count is the number of fcTL chunks");
    byte[] header = chunks.get(0).data();
    Rectangle whole =
        new Rectangle(0, 0, ByteBuffer.wrap(header).getInt(0), ByteBuffer.wrap(header).getInt(4));
    assertEquals(whole, stored.get(0), "the first frame is the whole image");
    List<BufferedImage> frames = new ArrayList<>();
    BufferedImage shown = new BufferedImage(whole.width, whole.height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < data.size(); i++) {
      assertTrue(!data.get(i).isEmpty(), "every frame has data");
      Rectangle r = stored.get(i);
      assertTrue(whole.contains(r), "frame " + i + " inside the image: " + r);
      byte[] ihdr = header.clone();
      ByteBuffer.wrap(ihdr).putInt(0, r.width).putInt(4, r.height);
      shown = over(shown, decode(ihdr, data.get(i)), r);
      frames.add(shown);
    }
    return new Apng(frames, delays, stored, actl.intAt(4));
  }

  private static BufferedImage decode(byte[] ihdr, List<byte[]> idat) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    write(png, "IHDR", ihdr);
    for (byte[] d : idat) write(png, "IDAT", d);
    write(png, "IEND", new byte[0]);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
    assertNotNull(image, "a frame ImageIO can decode");
    return image;
  }

  private static void write(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(name).put(data).putInt((int) crc.getValue());
    out.writeBytes(b.array());
  }
}
