package dev.autograd.nn;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@link Module#save} and {@link Module#load} choose from a file's extension. */
enum ModelFormat {
  /** PyTorch's {@code torch.save} zip format. */
  TORCH,
  /** The safetensors format of Hugging Face. */
  SAFETENSORS,
  /** This library's own {@link StateDictFile} format. */
  OWN;

  static ModelFormat of(Path path) {
    Path name = path.getFileName();
    String file = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (file.endsWith(".pt") || file.endsWith(".pth")) return TORCH;
    if (file.endsWith(".safetensors")) return SAFETENSORS;
    return OWN;
  }
}
