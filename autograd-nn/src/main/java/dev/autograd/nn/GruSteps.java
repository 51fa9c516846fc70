package dev.autograd.nn;

import dev.autograd.Tensor;
import dev.autograd.internal.Kernels;
import dev.autograd.internal.Storage;
import dev.autograd.internal.TensorStorage;
import dev.autograd.internal.UnaryFn;

/**
 * The element-wise part of one GRU step and of its derivative, in one pass over the step's arrays:
 * what {@link GruSequence} runs between the products. All tensors are contiguous, of one floating
 * type; N rows of hidden elements, the gates [N, 3 hidden] in PyTorch's order r, z, n. A row whose
 * {@code alive} entry is false (a sequence past its length) keeps its state, outputs zeros and
 * passes its gradient through.
 */
final class GruSteps {
  private GruSteps() {}

  /**
   * One step forward, from the step's input projection {@code x W_ih^T + b_ih} ({@code projected}
   * from {@code projectedAt}) and the hidden one {@code h W_hh^T + b_hh} ({@code hidden}, whose n
   * part is kept for backward):
   *
   * <pre>
   * r = sigmoid(x_r + h_r),   z = sigmoid(x_z + h_z),   n = tanh(x_n + r h_n)
   * h' = n + z (h - n)
   * </pre>
   *
   * {@code gates} receives r, z and n.
   */
  static void forward(
      Tensor projected,
      int projectedAt,
      Tensor hiddenPart,
      Tensor h,
      Tensor gates,
      Tensor hNext,
      Tensor output,
      int outputAt,
      boolean[] alive,
      int hidden) {
    int rows = h.size(0);
    Kernels kernels = Kernels.get();
    Storage g = TensorStorage.of(gates);
    int po = TensorStorage.offset(projected) + projectedAt;
    int ho = TensorStorage.offset(h);
    int oo = TensorStorage.offset(output) + outputAt;
    float[] gf = g.floats();
    float[] pf = TensorStorage.of(projected).floats();
    float[] hpf = TensorStorage.of(hiddenPart).floats();
    float[] hf = TensorStorage.of(h).floats();
    float[] nf = TensorStorage.of(hNext).floats();
    float[] of = TensorStorage.of(output).floats();
    double[] gd = g.doubles();
    double[] pd = TensorStorage.of(projected).doubles();
    double[] hpd = TensorStorage.of(hiddenPart).doubles();
    double[] hd = TensorStorage.of(h).doubles();
    double[] nd = TensorStorage.of(hNext).doubles();
    double[] od = TensorStorage.of(output).doubles();
    for (int r = 0; r < rows; r++) {
      int at = 3 * r * hidden;
      int n = at + 2 * hidden;
      if (gf != null) {
        for (int j = 0; j < 2 * hidden; j++) gf[at + j] = pf[po + at + j] + hpf[at + j];
      } else {
        for (int j = 0; j < 2 * hidden; j++) gd[at + j] = pd[po + at + j] + hpd[at + j];
      }
      kernels.unaryPacked(UnaryFn.SIGMOID, 0, 0, g, at, g, at, 2 * hidden);
      if (gf != null) {
        for (int j = 0; j < hidden; j++) gf[n + j] = pf[po + n + j] + gf[at + j] * hpf[n + j];
      } else {
        for (int j = 0; j < hidden; j++) gd[n + j] = pd[po + n + j] + gd[at + j] * hpd[n + j];
      }
      kernels.unaryPacked(UnaryFn.TANH, 0, 0, g, n, g, n, hidden);
      int s = r * hidden;
      boolean live = alive == null || alive[r];
      for (int j = 0; j < hidden; j++) {
        if (gf != null) {
          float prev = hf[ho + s + j];
          float v = gf[n + j] + gf[at + hidden + j] * (prev - gf[n + j]);
          nf[s + j] = live ? v : prev;
          of[oo + s + j] = live ? v : 0f;
        } else {
          double prev = hd[ho + s + j];
          double v = gd[n + j] + gd[at + hidden + j] * (prev - gd[n + j]);
          nd[s + j] = live ? v : prev;
          od[oo + s + j] = live ? v : 0;
        }
      }
    }
  }

  /**
   * One step backward, from the gradient of the state after the step (dh) and of its output: the
   * gates' gradients through the input's projection ({@code inputGates} from {@code gatesAt}) and
   * through the hidden one ({@code hiddenGates}, the same but for n, times r), and the part of the
   * previous state's gradient that does not go through W_hh ({@code dhDirect}):
   *
   * <pre>
   * dh' = dh + dout,   dn = dh' (1 - z) (1 - n^2),   dz = dh' (h - n) z (1 - z)
   * dr = dn h_n r (1 - r),   dh_direct = dh' z
   * </pre>
   *
   * Rows past their length get no gate gradients and pass dh through.
   */
  static void backward(
      Tensor dh,
      Tensor gradOutput,
      int gradOutputAt,
      Tensor gates,
      Tensor hiddenPart,
      Tensor h,
      Tensor inputGates,
      Tensor hiddenGates,
      int gatesAt,
      Tensor dhDirect,
      boolean[] alive,
      int hidden) {
    int rows = dh.size(0);
    int go = TensorStorage.offset(gradOutput) + gradOutputAt;
    int dho = TensorStorage.offset(dh);
    int ho = TensorStorage.offset(h);
    int io = TensorStorage.offset(inputGates) + gatesAt;
    int hgo = TensorStorage.offset(hiddenGates) + gatesAt;
    if (TensorStorage.of(gates).floats() != null) {
      float[] dhf = TensorStorage.of(dh).floats();
      float[] gof = TensorStorage.of(gradOutput).floats();
      float[] a = TensorStorage.of(gates).floats();
      float[] hp = TensorStorage.of(hiddenPart).floats();
      float[] hf = TensorStorage.of(h).floats();
      float[] ig = TensorStorage.of(inputGates).floats();
      float[] hg = TensorStorage.of(hiddenGates).floats();
      float[] df = TensorStorage.of(dhDirect).floats();
      for (int r = 0; r < rows; r++) {
        int s = r * hidden;
        if (alive != null && !alive[r]) {
          for (int j = 0; j < hidden; j++) df[s + j] = dhf[dho + s + j];
          continue;
        }
        int at = 3 * s;
        for (int j = 0; j < hidden; j++) {
          float rv = a[at + j];
          float z = a[at + hidden + j];
          float n = a[at + 2 * hidden + j];
          float dhAll = dhf[dho + s + j] + gof[go + s + j];
          float dn = dhAll * (1 - z) * (1 - n * n);
          float dz = dhAll * (hf[ho + s + j] - n) * (z * (1 - z));
          float dr = dn * hp[at + 2 * hidden + j] * (rv * (1 - rv));
          ig[io + at + j] = dr;
          ig[io + at + hidden + j] = dz;
          ig[io + at + 2 * hidden + j] = dn;
          hg[hgo + at + j] = dr;
          hg[hgo + at + hidden + j] = dz;
          hg[hgo + at + 2 * hidden + j] = dn * rv;
          df[s + j] = dhAll * z;
        }
      }
    } else {
      double[] dhd = TensorStorage.of(dh).doubles();
      double[] god = TensorStorage.of(gradOutput).doubles();
      double[] a = TensorStorage.of(gates).doubles();
      double[] hp = TensorStorage.of(hiddenPart).doubles();
      double[] hd = TensorStorage.of(h).doubles();
      double[] ig = TensorStorage.of(inputGates).doubles();
      double[] hg = TensorStorage.of(hiddenGates).doubles();
      double[] dd = TensorStorage.of(dhDirect).doubles();
      for (int r = 0; r < rows; r++) {
        int s = r * hidden;
        if (alive != null && !alive[r]) {
          for (int j = 0; j < hidden; j++) dd[s + j] = dhd[dho + s + j];
          continue;
        }
        int at = 3 * s;
        for (int j = 0; j < hidden; j++) {
          double rv = a[at + j];
          double z = a[at + hidden + j];
          double n = a[at + 2 * hidden + j];
          double dhAll = dhd[dho + s + j] + god[go + s + j];
          double dn = dhAll * (1 - z) * (1 - n * n);
          double dz = dhAll * (hd[ho + s + j] - n) * (z * (1 - z));
          double dr = dn * hp[at + 2 * hidden + j] * (rv * (1 - rv));
          ig[io + at + j] = dr;
          ig[io + at + hidden + j] = dz;
          ig[io + at + 2 * hidden + j] = dn;
          hg[hgo + at + j] = dr;
          hg[hgo + at + hidden + j] = dz;
          hg[hgo + at + 2 * hidden + j] = dn * rv;
          dd[s + j] = dhAll * z;
        }
      }
    }
  }
}
