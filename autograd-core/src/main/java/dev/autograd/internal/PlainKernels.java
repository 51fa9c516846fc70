package dev.autograd.internal;

/**
 * Plain Java kernels: simple loops over strided views, always available and the reference any
 * faster implementation is tested against.
 */
final class PlainKernels implements Kernels {
  static final PlainKernels INSTANCE = new PlainKernels();

  private PlainKernels() {}

  @Override
  public String name() {
    return "plain";
  }

  @Override
  public void copy(StridedView src, StridedView dst) {
    Storage s = src.storage();
    Storage d = dst.storage();
    int n = dst.numel();
    StridedView.Walker ws = src.walker();
    StridedView.Walker wd = dst.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), s.get(ws.next()));
  }

  @Override
  public void fill(StridedView dst, double value) {
    Storage d = dst.storage();
    int n = dst.numel();
    StridedView.Walker wd = dst.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), value);
  }

  @Override
  public void unary(UnaryFn fn, double p, double q, StridedView x, StridedView out) {
    Storage s = x.storage();
    Storage d = out.storage();
    int n = out.numel();
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), fn.apply(s.get(ws.next()), p, q));
  }

  @Override
  public void binary(BinaryFn fn, StridedView a, StridedView b, StridedView out) {
    Storage sa = a.storage();
    Storage sb = b.storage();
    Storage d = out.storage();
    int n = out.numel();
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) d.set(wd.next(), fn.apply(sa.get(wa.next()), sb.get(wb.next())));
  }

  @Override
  public void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
    Storage sc = cond.storage();
    Storage sa = a.storage();
    Storage sb = b.storage();
    Storage d = out.storage();
    int n = out.numel();
    StridedView.Walker wc = cond.walker();
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < n; i++) {
      double va = sa.get(wa.next());
      double vb = sb.get(wb.next());
      d.set(wd.next(), sc.get(wc.next()) != 0 ? va : vb);
    }
  }

  @Override
  public void reduce(
      ReduceFn fn, StridedView x, int groupSize, StridedView out, StridedView indices) {
    Storage s = x.storage();
    Storage d = out.storage();
    int groups = out.numel();
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    StridedView.Walker wi = indices == null ? null : indices.walker();
    for (int g = 0; g < groups; g++) {
      double acc;
      int best = 0;
      if (fn == ReduceFn.SUM) {
        acc = 0;
        for (int i = 0; i < groupSize; i++) acc += s.get(ws.next());
      } else {
        boolean max = fn == ReduceFn.MAX;
        acc = s.get(ws.next());
        for (int i = 1; i < groupSize; i++) {
          double v = s.get(ws.next());
          if (Double.isNaN(acc)) continue;
          if (Double.isNaN(v) || (max ? v > acc : v < acc)) {
            acc = v;
            best = i;
          }
        }
      }
      d.set(wd.next(), acc);
      if (wi != null) indices.storage().set(wi.next(), best);
    }
  }

  @Override
  public void matmul(StridedView a, StridedView b, StridedView out) {
    int batches = out.shape()[0];
    int n = a.shape()[1];
    int k = a.shape()[2];
    int m = b.shape()[2];
    Storage sa = a.storage();
    Storage sb = b.storage();
    Storage so = out.storage();
    int[] as = a.strides();
    int[] bs = b.strides();
    int[] os = out.strides();
    double[] row = new double[m];
    for (int batch = 0; batch < batches; batch++) {
      int aBase = a.offset() + batch * as[0];
      int bBase = b.offset() + batch * bs[0];
      int oBase = out.offset() + batch * os[0];
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(row, 0.0);
        for (int l = 0; l < k; l++) {
          double ail = sa.get(aBase + i * as[1] + l * as[2]);
          int bRow = bBase + l * bs[1];
          for (int j = 0; j < m; j++) row[j] += ail * sb.get(bRow + j * bs[2]);
        }
        for (int j = 0; j < m; j++) so.set(oBase + i * os[1] + j * os[2], row[j]);
      }
    }
  }
}
